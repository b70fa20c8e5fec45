"""Time on a machine whose clock may be wrong: clock-jump-tolerant ages and days (clock), the
hamlet's time zone for what people read (localtime)."""
