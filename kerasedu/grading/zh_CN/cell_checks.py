"""Chinese for kerasedu.grading.cell_checks: a recurrent cell of one's own, and a loop over
time that honours masks."""

MESSAGES = {
    "{name} subclasses kerasedu's {borrowed}: subclass Layer and write build and call yourself.":
        "{name} 继承了 kerasedu 的 {borrowed}：请继承 Layer，自己写出 build 和 call。",
    "{name}.state_size is {size!r}, expected {units} (or [{units}]): set self.state_size = units "
    "in __init__, so that RNN knows the size of the state to start from.":
        "{name}.state_size 是 {size!r}，应为 {units}（或 [{units}]）："
        "请在 __init__ 中设置 self.state_size = units，这样 RNN 才知道初始状态的大小。",
    "RNN({name}({arguments}), return_sequences={return_sequences}) on an input of shape {shape} "
    "(seed {seed})":
        "在形状为 {shape} 的输入上的 RNN({name}({arguments}), return_sequences={return_sequences})"
        "（随机种子 {seed}）",
    "call(inputs, states) must return the pair (output, [new_state]).":
        "call(inputs, states) 必须返回二元组 (output, [new_state])。",
    " Step 0 is the first wrong one: the first step only sees x_0 (h_0 = 0), so check kernel, "
    "bias and the activation.":
        "第 0 步就错了：第一步只看到 x_0（h_0 = 0），所以请检查 kernel、bias 和激活函数。",
    " Step {step} is the first wrong one, after right ones: check how the previous state "
    "states[0] enters, through recurrent_kernel.":
        "第一个出错的是第 {step} 步，之前的步都是对的："
        "请检查上一步的状态 states[0] 是如何通过 recurrent_kernel 进入计算的。",
    "{where} computes the wrong values: {difference}.{hint}":
        "{where} 算出的值不对：{difference}。{hint}",
    "RNN({name}(...)) in float64": "float64 下的 RNN({name}(...))",
    "fit on Sequential([Input, RNN({name}(...)), Dense(1)])":
        "在 Sequential([Input, RNN({name}(...)), Dense(1)]) 上运行 fit",
    "fit did not change the weights {unchanged} of {name}: create them with self.add_weight(...) "
    "(trainable) and use them in call.":
        "fit 没有改变 {name} 的权重 {unchanged}：请用 self.add_weight(...) 创建它们（可训练），"
        "并在 call 中使用。",
    "<{padding}-padding mask>": "<{padding} 填充的掩码>",
    "{name}({layer}Cell({units}), sequences of shape {shape}, mask={mask}, return_sequences="
    "{return_sequences}) (seed {seed})":
        "{name}({layer}Cell({units})，形状为 {shape} 的序列，mask={mask}，"
        "return_sequences={return_sequences})（随机种子 {seed}）",
    "{name} uses a recurrent layer (layers.RNN, SimpleRNN, LSTM, GRU or Bidirectional): write the "
    "loop over time yourself, calling the cell once per step, as the problem asks.":
        "{name} 用了循环层（layers.RNN、SimpleRNN、LSTM、GRU 或 Bidirectional）：按题目要求，"
        "请自己写出按时间的循环，每一步调用一次单元（cell）。",
    "{where} made a recurrent layer: write the loop over time yourself, calling the cell once per "
    "step, as the problem asks.":
        "{where} 创建了一个循环层：按题目要求，请自己写出按时间的循环，每一步调用一次单元（cell）"
        "。",
    "{where} returned the wrong values: {difference}; expected the output of layers.{layer}("
    "{units}, return_sequences={return_sequences}) after the Embedding.":
        "{where} 返回的值不对：{difference}；应为 Embedding 之后接 layers.{layer}({units}, "
        "return_sequences={return_sequences}) 的输出。",
    " Sample {sample} has padding (its mask is {mask}): on a masked step keep every state as it "
    "was and repeat the previous output (zeros before the first step).":
        "样本 {sample} 含有填充（它的掩码是 {mask}）：在被掩码的步上，每个状态都保持不变，"
        "并重复上一步的输出（第一步之前为零）。",
    "{where} returned a value of type {not_tensor}, not a kerasedu Tensor, so no gradient can "
    "reach the cell's weights: build the output with ops (ops.where, ops.stack, ...), not numpy.":
        "{where} 返回了 {not_tensor} 类型的值，而不是 kerasedu 的 Tensor，"
        "因此梯度无法传到单元的权重：请用 ops（ops.where、ops.stack 等）而不是 numpy 构造输出。",
    "no gradient": "没有梯度",
    "The gradient of {where}'s output with respect to the cell's '{weight}' is wrong ({found}): "
    "compute every step with the cell and ops, without numpy, so that training reaches the "
    "weights.":
        "{where} 的输出对单元的 '{weight}' 的梯度不对（{found}）：每一步都用单元和 ops 计算，"
        "不要用 numpy，这样训练才能作用到权重上。",
}
