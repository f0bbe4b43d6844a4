"""Chinese for kerasedu.grading.normalization_consistency_checks: a frozen
BatchNormalization, and gradients through one."""

MESSAGES = {
    "{name}({arguments}) with trainable=False": "trainable=False 的 {name}({arguments})",
    "{where}, called with training=True": "以 training=True 调用 {where}",
    "{where}, called with training=True on an input of shape {shape}, should run in inference "
    "mode (Keras 3), as if called with training=False: the same output, and no update. Use the "
    "batch's statistics only when `training and self.trainable`.":
        "{where} 在形状为 {shape} 的输入上以 training=True 调用时，应以推理模式运行（Keras 3），"
        "就像以 training=False 调用一样：输出相同，也不做任何更新。"
        "只有在 `training and self.trainable` 时才用该批次的统计量。",
    "a model holding {where}": "含有 {where} 的模型",
    "a model set to trainable=False": "设为 trainable=False 的模型",
    "fit on a model holding {what}": "在含有 {what} 的模型上运行 fit",
    "After fit ({epochs} epochs, batches of 4) of a model holding {what} and a Dense(2) head, the "
    "weight '{weight}' differs from what the same training gives with the layer in inference "
    "mode: {difference}. fit passes training=True; a frozen BatchNormalization must still use its "
    "moving statistics and update nothing: check `self.trainable` in call.":
        "对含有 {what} 并接一个 Dense(2) 输出层的模型运行 fit（{epochs} 轮，批大小 4）之后，"
        "权重 '{weight}' 与该层处于推理模式时同样训练所得的结果不同：{difference}。"
        "fit 传入 training=True；冻结的 BatchNormalization 仍须使用滑动统计量，"
        "并且不更新任何东西：请在 call 中检查 `self.trainable`。",
    "{name}.call with {label} (in float64, input shape {shape})":
        "{name}.call（{label}，float64，输入形状 {shape}）",
    "no gradient reaches it": "没有梯度传到它",
    "largest difference {max:.3g}": "最大差值 {max:.3g}",
    "With {label}, the gradient with respect to the {what} of {name} does not match finite "
    "differences ({found}; input shape {shape}, seed {seed}). Compute call with kerasedu ops "
    "only: statistics computed with numpy (or from .numpy() values) are constants to the gradient.":
        "{label} 时，对 {name} 的{what}的梯度与有限差分不一致（{found}；输入形状 {shape}，"
        "随机种子 {seed}）。call 中只用 kerasedu 的运算：用 numpy（或由 .numpy() 的值）"
        "算出的统计量，对梯度而言是常数。",
}
