"""Take a screenshot of a page of a running Odoo, logged in, in headless Chromium.

    python scripts/screenshot.py http://localhost:8069 /odoo/social-interest docs/board.png
    python scripts/screenshot.py http://localhost:8069 \
        /odoo/action-social_interest.action_social_interest_analysis docs/analysis.png \
        --then "document.querySelector('.o_pivot thead .o_pivot_header_cell_opened').click()"

Used to refresh the pictures of the README from the real UI (demo database, admin/admin).
``--then`` runs a script in the page once the view is there (collapse a pivot's columns,
open a record...) before the picture is taken; ``--width``/``--height`` size the window.
Needs `websocket-client` (installed by scripts/test) and Debian's chromium.
"""

import argparse
import base64
import json
import subprocess
import tempfile
import time
import urllib.request

import websocket


def main(base, path, out, width=1440, height=900, then=None):
    login = password = "admin"  # noqa: S105 (the demo database)
    port = 9333
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(  # noqa: S603
        [
            "/usr/bin/chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as resp:
                    pages = [p for p in json.load(resp) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                time.sleep(0.2)
        ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True)
        counter = iter(range(1, 10**6))

        def call(method, **params):
            msg_id = next(counter)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("id") == msg_id:
                    return msg.get("result", {})

        call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        call("Page.navigate", url=f"{base}/web/login")
        for _ in range(120):  # the first page after an install can take a while
            found = call("Runtime.evaluate", expression="!!document.querySelector('#login')")
            if found.get("result", {}).get("value"):
                break
            time.sleep(0.5)
        result = call(
            "Runtime.evaluate",
            expression=(
                f"document.querySelector('#login').value = {json.dumps(login)};"
                f"document.querySelector('#password').value = {json.dumps(password)};"
                "document.querySelector('form.oe_login_form').submit();"
            ),
        )
        if result.get("exceptionDetails"):
            raise RuntimeError(f"login failed: {result['exceptionDetails']}")
        time.sleep(4)
        call("Page.navigate", url=f"{base}{path}")
        # wait for the view to render (the first load after an install builds the assets)
        for _ in range(120):
            ready = call(
                "Runtime.evaluate",
                expression="!!document.querySelector('.o_view_controller .o_content > *')",
            )
            if ready.get("result", {}).get("value"):
                break
            time.sleep(0.5)
        time.sleep(2)
        if then:
            result = call("Runtime.evaluate", expression=then)
            if result.get("exceptionDetails"):
                raise RuntimeError(f"--then failed: {result['exceptionDetails']}")
            time.sleep(2)
        shot = call("Page.captureScreenshot", format="png")
        with open(out, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        ws.close()
    finally:
        chrome.terminate()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("path")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--then", help="JavaScript run once the view is shown")
    args = parser.parse_args()
    main(args.base, args.path, args.out, width=args.width, height=args.height, then=args.then)
