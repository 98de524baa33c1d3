"""The job-offer risk check: indicator catalogue (data), pay parsing, scorer and advice.

Import the parts from their modules (``bot.risk.scorer.assess``...): this package imports
nothing itself, so the location registry can share ``bot.risk.fold`` without a cycle.
"""
