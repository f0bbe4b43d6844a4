"""Chinese for kerasedu.grading.frozen_bn_checks: a frozen BatchNormalization."""

MESSAGES = {
    "{name} should subclass kerasedu.layers.BatchNormalization; its bases are {bases}.":
        "{name} 应当继承 kerasedu.layers.BatchNormalization；它的基类是 {bases}。",
    "{name} overrides {overridden}: override only call, and let BatchNormalization's own methods "
    "do the rest.":
        "{name} 重写了 {overridden}：只重写 call，其余交给 BatchNormalization 自己的方法。",
    "__init__ and build": "__init__ 和 build",
    "{name}.call with {label}": "{name}.call（{label}）",
    "a call with {label}": "一次调用（{label}）",
    "{name}({arguments}) called with {label} on an input of shape {shape} (seed {seed}) should "
    "normalize with the moving statistics, as BatchNormalization does with training=False: "
    "{difference}.":
        "{name}({arguments}) 以 {label} 在形状为 {shape} 的输入（随机种子 {seed}）上调用时，"
        "应当像 BatchNormalization 在 training=False 时那样，用滑动统计量做标准化：{difference}。",
    "model.fit for {fit_epochs} epochs": "model.fit 训练 {fit_epochs} 轮",
    "model.fit did not change {name}'s gamma or beta: they must stay trainable.":
        "model.fit 没有改变 {name} 的 gamma 或 beta：它们必须保持可训练。",
    "{name}'s trainable weights are {names} after {when}, expected {want}":
        "{when}之后 {name} 的可训练权重是 {names}，应为 {want}",
    " (the layer's trainable attribute is False)": "（该层的 trainable 属性为 False）",
    ": freeze only the statistics, by running the parent's call with training=False; gamma and "
    "beta must still learn, so never set trainable=False (neither in __init__ nor in call).":
        "：只冻结统计量，做法是以 training=False 运行父类的 call；gamma 和 beta 仍然要学习，"
        "所以绝不要设置 trainable=False（__init__ 和 call 里都不要）。",
    "{name}'s weight '{weight}' changed after {what}: {difference}. A frozen BatchNormalization "
    "must never update its statistics: call the parent's call with training=False.":
        "{what}之后 {name} 的权重 '{weight}' 变了：{difference}。"
        "冻结的 BatchNormalization 绝不能更新它的统计量：请以 training=False 调用父类的 call。",
}
