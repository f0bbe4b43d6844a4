"""Recurrent layers (Keras 2's ``keras.layers.recurrent``): RNN and its cells, SimpleRNN, GRU,
LSTM, StackedRNNCells."""

from .base_rnn import RNN
from .gru import GRU, GRUCell
from .lstm import LSTM, LSTMCell
from .simple_rnn import SimpleRNN, SimpleRNNCell
from .stacked_cells import StackedRNNCells
