"""Whole-sequence recurrent ops: SimpleRNN, LSTM and GRU over every timestep as one op.

A recurrent layer can always run its cell one timestep at a time with ordinary ops (the
``RNN`` layer's generic loop), and the tape differentiates the unrolled computation. These ops
compute the same outputs for a whole sequence at once, which a faster floor can do much faster
(:mod:`kerasedu.accelerated` organises the work around one compiled loop through time). The
teaching floor has no implementation of its own: without a registered one (see
:mod:`kerasedu.backend.faster`), each op raises ``NotImplementedError`` and the layer takes its
generic loop, as Keras 3's LSTM does when its backend has no fused LSTM.

Arguments, shared by the three ops (N samples, T steps, D features, u units, G gates):

* ``inputs`` (N, T, D); ``kernel`` (D, G·u); ``recurrent_kernel`` (u, G·u); ``bias`` or None;
* initial states (N, u) or None (zeros);
* ``mask`` (N, T) bool or None: on False steps the states are carried over and the output
  repeats the previous one (zeros with ``zero_output_for_mask``);
* ``go_backwards`` reads the sequence from the end (outputs in that order);
  ``return_sequences`` returns (N, T, u) rather than the last output (N, u);
* ``activation`` and ``recurrent_activation`` by name ("tanh", "sigmoid", "relu", "linear",
  "hard_sigmoid");
* ``dropout_mask`` (1 or G, N, D) and ``recurrent_dropout_mask`` (1 or G, N, u), drawn once per
  sequence: gate g sees x_t · mask[g] and h_{t-1} · recurrent_mask[g].

Gates follow Keras' layout: SimpleRNN 1, LSTM 4 (i, f, c, o), GRU 3 (z, r, h).
"""

from .. import faster


def _none_registered(name):
    return NotImplementedError(
        f"{name}: no whole-sequence implementation is registered (kerasedu.accelerated "
        f"provides one); run the layer's cell step by step instead.")


@faster.replaceable
def simple_rnn_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None,
                        mask=None, go_backwards=False, return_sequences=True,
                        zero_output_for_mask=False, activation="tanh", dropout_mask=None,
                        recurrent_dropout_mask=None):
    """h_t = activation(x_t · kernel + bias + h_{t-1} · recurrent_kernel).

    Returns ``(outputs, h)``: outputs (N, T, u) or (N, u), and the final state h (N, u).
    """
    raise _none_registered("simple_rnn_sequence")


@faster.replaceable
def lstm_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_h=None, initial_c=None,
                  mask=None, go_backwards=False, return_sequences=True,
                  zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid",
                  dropout_mask=None, recurrent_dropout_mask=None):
    """With a = x_t · kernel + bias + h_{t-1} · recurrent_kernel split into (i, f, c, o):

        i, f, o = recurrent_activation(a_i, a_f, a_o);  g = activation(a_c)
        c_t = f · c_{t-1} + i · g;                      h_t = o · activation(c_t)

    Returns ``(outputs, h, c)``: outputs (N, T, u) or (N, u), final states (N, u).
    """
    raise _none_registered("lstm_sequence")


@faster.replaceable
def gru_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None, mask=None,
                 go_backwards=False, return_sequences=True, zero_output_for_mask=False,
                 activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 dropout_mask=None, recurrent_dropout_mask=None):
    """Gates z (update), r (reset), h (candidate), as Keras:

        reset_after=True  (bias (2, 3u): input row, recurrent row)
            z, r = ract(x·W_zr + b0_zr + h·U_zr + b1_zr)
            hh   = act(x·W_h + b0_h + r · (h·U_h + b1_h))
        reset_after=False (bias (3u,))
            z, r = ract(x·W_zr + h·U_zr + b_zr);   hh = act(x·W_h + b_h + (r · h)·U_h)
        h_t = z · h_{t-1} + (1 − z) · hh

    Returns ``(outputs, h)``: outputs (N, T, u) or (N, u), final state (N, u).
    """
    raise _none_registered("gru_sequence")
