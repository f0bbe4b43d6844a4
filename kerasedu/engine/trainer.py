"""Training methods of Model (compile, fit, evaluate, predict); see kerasedu.engine.training."""


class Trainer:
    """Mixin giving Model its training API."""

    def __init__(self):
        self.optimizer = None
        self.compiled = False
