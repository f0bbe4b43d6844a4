"""Chinese for kerasedu.grading.conv_pooling_checks: pooling layers and a CNN of one's own
layers."""

MESSAGES = {
    "ops.max_pool (or a pooling layer)": "ops.max_pool（或池化层）",
    "ops.average_pool (or a pooling layer)": "ops.average_pool（或池化层）",
    "Each output is the largest value of its window, per channel; with padding='same' the cells "
    "outside the input never win (pad with -inf, or take the maximum of the cells inside only).":
        "每个输出是它的窗口中（逐通道）的最大值；padding='same' 时，"
        "输入之外的格子永远不会被选中（用 -inf 填充，或只在输入之内的格子中取最大值）。",
    "Each output is the mean of the cells of its window that lie inside the input: with "
    "padding='same', a window hanging over the edge divides by the number of cells inside, not by "
    "pool_height · pool_width (the padding does not count).":
        "每个输出是它的窗口中落在输入之内的格子的平均值：padding='same' 时，"
        "越过边缘的窗口要除以输入之内的格子数，而不是 pool_height · pool_width（填充部分不算）。",
    "Each output is the mean of its window, per channel.":
        "每个输出是它的窗口中（逐通道）的平均值。",
    "{name}({arguments}) on an input of shape {shape}, seed {seed}":
        "{name}({arguments})，输入形状 {shape}，随机种子 {seed}",
    "with slices of the input, ops.stack and ops.max or ops.sum":
        "用输入的切片、ops.stack 以及 ops.max 或 ops.sum 来写",
    "{name}.call ({context}) returned shape {got_shape}, expected {want_shape}.":
        "{name}.call（{context}）返回的形状是 {got_shape}，应为 {want_shape}。",
    "{name}.call computes the wrong values ({context}).\n  {difference}\n{first_rows}\n  {hint}":
        "{name}.call 算出的值不对（{context}）。\n  {difference}\n{first_rows}\n  {hint}",
    "No gradient reaches the input of {name} ({context}): compute the output with kerasedu ops "
    "(slices, ops.stack, ops.max, ops.mean...) from the input itself, not from a numpy copy, so "
    "that the layers before it can train.":
        "没有梯度传到 {name} 的输入（{context}）：请用 kerasedu 的运算（切片、ops.stack、ops.max、"
        "ops.mean 等）由输入本身而不是它的 numpy 副本计算输出，这样它前面的层才能训练。",
    "The gradient of {name} with respect to its input is wrong ({context}): {difference}. Compute "
    "the output with ops only.":
        "{name} 对输入的梯度不对（{context}）：{difference}。计算输出时只用 ops。",
    "The CNN should be a kerasedu Model (Sequential or functional), received {model_type}.":
        "这个 CNN 应当是 kerasedu 的 Model（Sequential 或函数式模型），收到的却是 {model_type}。",
    "The model holds kerasedu's own {borrowed}: build it from your {conv} and pooling classes "
    "(layers.Flatten, layers.Dense and the others are fine).":
        "模型中含有 kerasedu 自带的 {borrowed}：请用你自己的 {conv} 和池化类搭建它（layers.Flatten"
        "、layers.Dense 等其他层可以用）。",
    " or ": " 或 ",
    "The model should hold at least one {conv} and one {names} of yours; it holds {layers}.":
        "模型中至少要有一个你写的 {conv} 和一个你写的 {names}；它含有的是 {layers}。",
}
