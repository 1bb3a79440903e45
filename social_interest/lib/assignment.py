"""Distribution of cards over team members (no ORM).

Two automatic strategies of the seed article ("distribution of responsibility without
manual work"):

* ``round_robin`` — members take turns in a fixed order, starting after the member who
  received the last card;
* ``balanced`` — each card goes to the member with the fewest open cards.

Both skip a member whose cap (maximum of open cards, 0 = no cap) is reached. Cards are
given in queue order (deadline, then arrival) and keep that order: influence never
jumps the queue.
"""

import heapq
from dataclasses import dataclass

ROUND_ROBIN = "round_robin"
BALANCED = "balanced"


@dataclass
class Member:
    key: object  # the user (or its id) that receives cards
    open_count: int = 0
    cap: int = 0  # 0: no cap
    rank: int = 0  # position in the team's order (sequence, then id)

    def has_room(self):
        return not self.cap or self.open_count < self.cap


def distribute(cards, members, strategy, last_key=None):
    """Return ``{member key: [cards]}`` for the cards that fit; the others stay out.

    ``last_key`` is the member who received the previous card (round robin resumes after
    them). The members' ``open_count`` is updated.
    """
    if strategy == ROUND_ROBIN:
        return _round_robin(cards, members, last_key)
    if strategy == BALANCED:
        return _balanced(cards, members)
    raise ValueError(f"unknown strategy {strategy!r}")


def _round_robin(cards, members, last_key):
    ordered = sorted(members, key=lambda m: m.rank)
    result = {}
    if not ordered:
        return result
    keys = [m.key for m in ordered]
    position = keys.index(last_key) + 1 if last_key in keys else 0
    for card in cards:
        for step in range(len(ordered)):
            member = ordered[(position + step) % len(ordered)]
            if member.has_room():
                result.setdefault(member.key, []).append(card)
                member.open_count += 1
                position = (position + step + 1) % len(ordered)
                break
        else:
            break  # everyone is full: the remaining cards wait in the pool
    return result


def _balanced(cards, members):
    heap = [(m.open_count, m.rank, index) for index, m in enumerate(members) if m.has_room()]
    heapq.heapify(heap)
    result = {}
    for card in cards:
        if not heap:
            break
        _count, rank, index = heapq.heappop(heap)
        member = members[index]
        result.setdefault(member.key, []).append(card)
        member.open_count += 1
        if member.has_room():
            heapq.heappush(heap, (member.open_count, rank, index))
    return result
