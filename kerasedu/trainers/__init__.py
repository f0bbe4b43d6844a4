"""The training loop, as in Keras 3's ``keras.trainers``: what ``compile``, ``fit``,
``evaluate`` and ``predict`` do.

* :mod:`.trainer`: the Trainer class that Model inherits: compile, the training, test and
  prediction steps (``train_step``, ...), the metrics, and the ``*_on_batch`` methods;
* :mod:`.loops`: fit, evaluate and predict, the loops that call those steps batch by batch
  and the callbacks around them;
* :mod:`.compile_utils`: what compile stores, the loss and metrics of each model output;
* :mod:`.data_adapter`: from the data passed to fit to batches packed as x, (x, y) or (x, y, sample_weight);
* :mod:`.epoch_iterator`: those batches split into epochs (``steps_per_epoch``).
"""

from .trainer import Trainer

__all__ = ["Trainer"]
