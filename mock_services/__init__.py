"""Mock i深圳 government services: a stand-in backend the Rasa actions call.

It plays the real systems (social insurance, housing fund, service halls,
12345 tickets, traffic police, human agents) with seeded demo citizens so the
assistant can be demonstrated and tested end to end without any real data.
Start it with ``python -m mock_services``; build it in tests with
:func:`mock_services.app.create_app`.
"""
