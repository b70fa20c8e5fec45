"""Vector QR drawing and page helpers (printables/sheet.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from printables.sheet import qr_operators, qr_size_for


def rebuild(ops: str, n: int) -> list[list[bool]]:
    """Paint the `x y w h re` rectangles back into a matrix (row 0 = top)."""
    grid = [[False] * n for _ in range(n)]
    for line in ops.splitlines():
        x, y, w, h, op = line.split()
        assert op == "re" and h == "1"
        for c in range(int(x), int(x) + int(w)):
            assert not grid[n - 1 - int(y)][c], "rectangles must not overlap"
            grid[n - 1 - int(y)][c] = True
    return grid


@settings(max_examples=80)
@given(st.integers(min_value=1, max_value=30).flatmap(
    lambda n: st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=n, max_size=n)))
def test_operators_paint_exactly_the_dark_modules(matrix):
    assert rebuild(qr_operators(matrix), len(matrix)) == matrix


def test_horizontal_runs_are_merged():
    matrix = [[True, True, True, False], [False] * 4, [True, False, True, True], [False] * 4]
    assert qr_operators(matrix).splitlines() == ["0 3 3 1 re", "0 1 1 1 re", "2 1 2 1 re"]


def test_size_meets_both_symbol_width_and_module_minimums():
    matrix = [[False] * 37] * 37  # version 3 plus a 4-module quiet zone each side
    assert qr_size_for(matrix, min_symbol=100, min_module=1) == 100 / 29 * 37
    assert qr_size_for(matrix, min_symbol=10, min_module=2) == 2 * 37
