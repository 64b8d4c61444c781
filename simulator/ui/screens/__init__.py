"""The screens of the game, each a state on the app's stack."""
