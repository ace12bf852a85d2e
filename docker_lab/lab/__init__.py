"""Running an exercise: session, setup, files, pre-existing resources, evaluation,
regressions, event relevance, reset, and the app's live link to the engine.

Shared by the command line and the app; holds no Textual.
"""
