"""Chinese for kerasedu.grading.regularization_checks: Dropout, a regularizer and a
constraint, and their configs."""

MESSAGES = {
    "{name} with {label} changed its input of shape {input_shape}: {difference}. Dropout only "
    "acts when training is true; otherwise return the inputs as they are.":
        "{name}（{label}）改变了形状为 {input_shape} 的输入：{difference}。"
        "Dropout 只在 training 为真时起作用；其他情况下原样返回输入。",
    "{name} called with training=True on an input of shape {input_shape}":
        "在形状为 {input_shape} 的输入上以 training=True 调用 {name}",
    "{where} returned shape {got_shape}, expected {x_shape}.":
        "{where}，返回的形状是 {got_shape}，应为 {x_shape}。",
    " The kept values are not scaled: multiply them by 1 / (1 − rate), so that the expected "
    "output equals the input (inverted dropout).":
        "保留下来的值没有缩放：要把它们乘以 1 / (1 − rate)，"
        "使输出的期望等于输入（inverted dropout）。",
    "{where}: a value that is kept should be x / (1 − rate) = x · {keep_scale:.6g}, yours are x "
    "times {ratios}...{hint}":
        "{where}：保留下来的值应为 x / (1 − rate) = x · {keep_scale:.6g}，"
        "你的是 x 乘以 {ratios}……{hint}",
    "{where} dropped a fraction {dropped:.4f} of the {x_size} values; with rate={rate} it should "
    "be {rate} (± {spread:.4f}). Drop each value independently with probability rate, e.g. keep "
    "it where ops.random.uniform(...) >= rate.":
        "{where}，在 {x_size} 个值中丢弃了 {dropped:.4f} 的比例；"
        "rate={rate} 时应为 {rate}（± {spread:.4f}）。每个值都要以概率 rate 独立地丢弃，"
        "例如在 ops.random.uniform(...) >= rate 的位置保留它。",
    "{where}, a second time": "第二次{where}",
    "{where} dropped the same values in two calls: draw a new mask at each call (create an "
    "ops.random.SeedGenerator(seed) in __init__ and pass it as seed=).":
        "{where}，两次调用丢弃了相同的值：每次调用都要抽取新的掩码（在 __init__ 中创建 "
        "ops.random.SeedGenerator(seed)，并把它作为 seed= 传入）。",
    "The gradient of {where} with respect to its input is wrong ({found}): it should be the mask "
    "times 1 / (1 − rate). Compute the output with ops from the inputs.":
        "{where}，对输入的梯度不对（{found}）：它应当是掩码乘以 1 / (1 − rate)。"
        "请用 ops 由输入计算输出。",
    "{name} called on a weight of shape {shape} (seed {seed})":
        "在形状为 {shape} 的权重上调用 {name}（随机种子 {seed}）",
    " Yours is {ratio:.4g} times too large: multiply each term by its factor ({arguments}).":
        "你的结果大了 {ratio:.4g} 倍：每一项都要乘以它的系数（{arguments}）。",
    "{where} returned {got:.6g}, expected {want:.6g}.{hint}":
        "{where}，返回了 {got:.6g}，应为 {want:.6g}。{hint}",
    "No gradient reaches the weight through {where}: compute the penalty with ops from the "
    "weight, so that fit can reduce it.":
        "{where}，没有梯度传到权重：请用 ops 由权重计算惩罚项，这样 fit 才能减小它。",
    "The gradient of {where} with respect to the weight is wrong: {difference}.":
        "{where}，对权重的梯度不对：{difference}。",
    "A Dense layer with kernel_regularizer={name} adds a loss of {got:.6g}, expected {want:.6g}.":
        "带 kernel_regularizer={name} 的 Dense 层添加的损失是 {got:.6g}，应为 {want:.6g}。",
    "{name} applied to a weight of shape {shape} (seed {seed})":
        "把 {name} 作用于形状为 {shape} 的权重（随机种子 {seed}）",
    "{where} returned the wrong values: {difference}. Compute the norm of each slice along "
    "`axis`, and scale only the slices whose norm is above the limit.":
        "{where}，返回的值不对：{difference}。请沿 `axis` 计算每个切片的范数，"
        "只缩放范数超过上限的切片。",
    "fit on a model whose Dense layer has kernel_constraint={name}":
        "在 Dense 层带 kernel_constraint={name} 的模型上运行 fit",
    "After fit, a Dense layer with kernel_constraint={name} holds the wrong kernel: {difference}.":
        "fit 之后，带 kernel_constraint={name} 的 Dense 层的 kernel 不对：{difference}。",
    "{name}.get_config() raised NotImplementedError: return the arguments of __init__ as a dict, "
    "e.g. {want}.":
        "{name}.get_config() 引发了 NotImplementedError：请以 dict 返回 __init__ 的参数，"
        "例如 {want}。",
    "{name}.get_config() returned {config}, expected {want}: return every argument of __init__, "
    "under its own name.":
        "{name}.get_config() 返回了 {config}，应为 {want}：请返回 __init__ 的每个参数，"
        "键用参数自己的名字。",
    "{cls}.from_config({config}) built an object whose config is {clone}.":
        "{cls}.from_config({config}) 构建出的对象的配置是 {clone}。",
    "Saving a model whose Dense layer has {argument}={name} as JSON and rebuilding it with "
    "custom_objects={{'{cls}': {cls}}}":
        "把 Dense 层带 {argument}={name} 的模型存为 JSON，"
        "再用 custom_objects={{'{cls}': {cls}}} 重建它",
    "The rebuilt model's Dense layer holds {found} with config {rebuilt}, expected {cls} with "
    "{config}.":
        "重建的模型的 Dense 层中是配置为 {rebuilt} 的 {found}，应为配置为 {config} 的 {cls}。",
}
