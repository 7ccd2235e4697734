"""Thin adapters that serve webhook views from Flask, FastAPI and Django.

Each adapter does what every endpoint would otherwise repeat: read the request into a webhook
model (``callmarkup.webhooks``), hand it to the view, send the :class:`~callmarkup.Response`
the view returns as ``text/xml; charset=utf-8``, and answer ``400`` for a request that cannot be
read. Import the one for your framework:

- :mod:`callmarkup.integrations.flask`: the ``webhook(model)`` view decorator;
- :mod:`callmarkup.integrations.fastapi`: the ``webhook(model)`` dependency and
  ``MarkupResponse``;
- :mod:`callmarkup.integrations.django`: the ``webhook(model)`` view decorator.

The frameworks are optional: importing :mod:`callmarkup` never imports them, and importing an
adapter whose framework is not installed raises an :class:`ImportError` that says what to
install. This package itself imports nothing.
"""

from __future__ import annotations

__all__: list[str] = []
