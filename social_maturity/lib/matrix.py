"""The 2x2 matrix of the index drawn as SVG (investment across, innovation up).

Every label is escaped: partner names come from users and customers.
"""

from markupsafe import Markup, escape

SIZE = 320
PAD = 36

QUADRANT_BOXES = (
    # (key, x, y) of each quadrant's box in the plot: innovation grows upwards
    ("contender", 0, 0),
    ("social_first", 1, 0),
    ("observer", 0, 1),
    ("conservative", 1, 1),
)
COLORS = {
    "observer": "#eceff1",
    "conservative": "#e3f2fd",
    "contender": "#fff3e0",
    "social_first": "#e8f5e9",
}


def _xy(investment, innovation, inv_threshold, inn_threshold):
    """Map scores to the plot so that each threshold sits on the middle line."""

    def scale(score, threshold):
        score = max(0.0, min(float(score), 100.0))
        threshold = max(1.0, min(float(threshold), 99.0))
        if score < threshold:
            return score / threshold * 0.5
        return 0.5 + (score - threshold) / (100.0 - threshold) * 0.5

    plot = SIZE - 2 * PAD
    x = PAD + scale(investment, inv_threshold) * plot
    y = PAD + (1.0 - scale(innovation, inn_threshold)) * plot
    return round(x, 1), round(y, 1)


def render_matrix(points, labels, inv_threshold=50.0, inn_threshold=50.0):
    """SVG markup of the matrix.

    :param points: iterable of ``(label, investment, innovation, highlight)``
    :param labels: ``{quadrant_key: name}`` and ``"investment"`` / ``"innovation"`` axis names
    """
    plot = SIZE - 2 * PAD
    half = plot / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_smi_matrix" role="img" '
        f'viewBox="0 0 {SIZE} {SIZE}" width="100%" style="max-width:{SIZE * 1.5}px">'
    ]
    for key, col, row in QUADRANT_BOXES:
        x, y = PAD + col * half, PAD + row * half
        parts.append(
            f'<rect x="{x}" y="{y}" width="{half}" height="{half}" fill="{COLORS[key]}" '
            'stroke="#90a4ae" stroke-width="0.5"/>'
            f'<text x="{x + half / 2}" y="{y + 14}" text-anchor="middle" font-size="10" '
            f'fill="#455a64">{escape(labels.get(key, key))}</text>'
        )
    parts.append(
        f'<text x="{SIZE / 2}" y="{SIZE - 8}" text-anchor="middle" font-size="11" '
        f'fill="#263238">{escape(labels.get("investment", "Investment"))} →</text>'
        f'<text x="12" y="{SIZE / 2}" text-anchor="middle" font-size="11" fill="#263238" '
        f'transform="rotate(-90 12 {SIZE / 2})">'
        f"{escape(labels.get('innovation', 'Innovation'))} →</text>"
    )
    for label, investment, innovation, highlight in points:
        x, y = _xy(investment, innovation, inv_threshold, inn_threshold)
        radius, color = (7, "#c62828") if highlight else (4.5, "#5c6bc0")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{color}" fill-opacity="0.85">'
            f"<title>{escape(label)}: {investment:.0f} / {innovation:.0f}</title></circle>"
        )
        if label:
            parts.append(
                f'<text x="{x + radius + 2}" y="{y + 3}" font-size="9" fill="#212121">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # built from escaped parts only
