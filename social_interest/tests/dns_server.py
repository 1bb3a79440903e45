"""A real DNS server on loopback (UDP) for the tests: it answers what ``answer`` says."""

import socket
import threading

import dns.message
import dns.rdatatype
import dns.rrset


class LoopbackDNS:
    """``answer(name, rdtype)`` gives the records of a question as ``(type, text)`` pairs
    (``("A", "127.0.0.1")``, ``("TXT", '"v=DKIM1; ..."')``), an empty list for no answer,
    or None for a name that does not exist (NXDOMAIN)."""

    def __init__(self, answer):
        self.answer = answer
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.socket.getsockname()[1]}"
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.socket.settimeout(0.2)
        while self.running:
            try:
                wire, peer = self.socket.recvfrom(4096)
            except OSError:
                continue
            query = dns.message.from_wire(wire)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".")
            records = self.answer(name, dns.rdatatype.to_text(question.rdtype))
            if records is None:
                response.set_rcode(3)  # NXDOMAIN
            for rdtype, text in records or ():
                response.answer.append(dns.rrset.from_text(question.name, 0, "IN", rdtype, text))
            self.socket.sendto(response.to_wire(), peer)

    def stop(self):
        self.running = False
        self.thread.join(2)
        self.socket.close()
