from tests.portfolio.conftest import *  # noqa: F403  (the portfolio personas)
