from bot.gateway.ratelimit import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limit_blocks_then_recovers_after_the_window() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, clock=clock)
    assert [limiter.check("s") for _ in range(3)] == [None, None, None]
    wait = limiter.check("s")
    assert wait is not None and 1 <= wait <= 60
    assert limiter.check("other") is None  # keys are independent
    clock.now += 61
    assert limiter.check("s") is None
