"""Chinese for kerasedu.grading.normalization_checks: a BatchNormalization in training and
inference, its moving statistics, epsilon and axis."""

MESSAGES = {
    "{name}({arguments}) on an input of shape {shape} (seed {seed})":
        "{name}({arguments})，输入形状 {shape}（随机种子 {seed}）",
    "{name}.call with training=True": "以 training=True 调用 {name}.call",
    " In training, normalize with the batch's own mean and variance.":
        "训练时要用该批次自身的均值和方差做标准化。",
    " Your values are what the unbiased variance (divided by n − 1) gives: BatchNormalization "
    "divides by n, as ops.var does.":
        "你的值是用无偏方差（除以 n − 1）得到的：BatchNormalization 除以 n，和 ops.var 一样。",
    " Your values are what the moving statistics give: with training=True use the batch's own "
    "mean and variance.":
        "你的值是用滑动统计量得到的：training=True 时要用该批次自身的均值和方差。",
    "{where}, called with training=True, returned the wrong values: {difference}.{hint}":
        "{where}，以 training=True 调用，返回的值不对：{difference}。{hint}",
    "model.predict on Sequential([Input, {name}])":
        "在 Sequential([Input, {name}]) 上调用 model.predict",
    " Your values are what the batch's own statistics give: use them only when training is true.":
        "你的值是用该批次自身的统计量得到的：只有 training 为真时才能用它们。",
    " Normalize with moving_mean and moving_variance.":
        "请用 moving_mean 和 moving_variance 做标准化。",
    "{where}, with {label}, returned the wrong values: {difference}.{hint}":
        "{where}（{label}）返回的值不对：{difference}。{hint}",
    "{where}: the weight '{weight}' changed during a call with {label}: {difference}. Only calls "
    "with training=True may update the moving statistics.":
        "{where}：权重 '{weight}' 在一次调用（{label}）中被改变了：{difference}。"
        "只有 training=True 的调用才能更新滑动统计量。",
    " It was not updated: update it in every call with training=True.":
        "它没有被更新：每次 training=True 的调用都要更新它。",
    " Yours keeps a fraction 1 − momentum = {kept:g} of the old value: Keras keeps `momentum` of "
    "it, moving · momentum + batch · (1 − momentum).":
        "你的写法保留了旧值的 1 − momentum = {kept:g}：Keras 保留的是旧值的 `momentum`，"
        "即 moving · momentum + batch · (1 − momentum)。",
    " Update it with moving · momentum + batch · (1 − momentum), where batch is the batch's mean "
    "(or biased variance).":
        "请用 moving · momentum + batch · (1 − momentum) 更新它，"
        "其中 batch 是该批次的均值（或有偏方差）。",
    "{key} is wrong after 1 call with training=True ({where}): {difference}.{hint}":
        "1 次 training=True 的调用之后 {key} 不对（{where}）：{difference}。{hint}",
    "{key} is wrong after {step} calls with training=True ({where}): {difference}.{hint}":
        "{step} 次 training=True 的调用之后 {key} 不对（{where}）：{difference}。{hint}",
    "{key} is wrong after fit for {epochs} epochs of 2 batches ({where}). fit calls the layer "
    "with training=True: make call accept a `training` argument: {difference}.{hint}":
        "fit 训练 {epochs} 轮（每轮 2 个批次）之后 {key} 不对（{where}）：{difference}。"
        "fit 以 training=True 调用层：让 call 接受 `training` 参数。{hint}",
    "{name}({arguments}), batches of shape {shape}, seed {seed}":
        "{name}({arguments})，批次形状 {shape}，随机种子 {seed}",
    "{name}.call with training=True (step {step})":
        "以 training=True 调用 {name}.call（第 {step} 步）",
    "fit on Sequential([Input, {name}])": "在 Sequential([Input, {name}]) 上运行 fit",
    " Your values are what (x − mean) / (sqrt(var) + epsilon) gives: epsilon goes inside the "
    "square root.":
        "你的值是 (x − mean) / (sqrt(var) + epsilon) 的结果：epsilon 应放在平方根里面。",
    " Divide by sqrt(var + epsilon), with the epsilon given to __init__.":
        "请除以 sqrt(var + epsilon)，epsilon 用传给 __init__ 的那个。",
    " Normalize each channel along axis {axis}: take the statistics over every other axis, and "
    "reshape gamma, beta and the statistics to broadcast along axis {axis}.":
        "沿轴 {axis} 对每个通道做标准化：在其余所有轴上计算统计量，并把 gamma、"
        "beta 和统计量变形（reshape）为能沿轴 {axis} 广播的形状。",
}
