"""Chinese for kerasedu.grading.custom_layer_checks: non-trainable state, added losses and
configs inside models."""

MESSAGES = {
    "no training argument": "不传 training 参数",
    "fit on a model holding {name}": "在含有 {name} 的模型上运行 fit",
    "{name}(momentum={momentum}).build({input_shape}) created the wrong weights.\n  expected: "
    "{want}\n  received: {got}\n  Use add_weight(name=..., shape=..., initializer='zeros', "
    "trainable=False), moving_mean first.":
        "{name}(momentum={momentum}).build({input_shape}) 创建的权重不对。\n  应为："
        "{want}\n  实际：{got}\n  请用 add_weight(name=..., shape=..., initializer='zeros', "
        "trainable=False) 创建，moving_mean 在前。",
    "call {step} of the sequence {history} (momentum={momentum}, batches of shape {shape}, seed "
    "{seed})":
        "调用序列 {history} 中的第 {step} 次调用（momentum={momentum}，批次形状 {shape}，"
        "随机种子 {seed}）",
    "{name}.call in {where}": "{where}中的 {name}.call",
    "{name}.call returned the wrong values in {where}: {difference}. In training subtract the "
    "batch's own mean; otherwise subtract moving_mean.":
        "{name}.call 在{where}返回的值不对：{difference}。训练时减去该批次自身的均值；"
        "否则减去 moving_mean。",
    "moving_mean is wrong after {where}: {difference}. Update it only when training, with "
    "moving_mean.assign(momentum * moving_mean + (1 - momentum) * batch_mean).":
        "{where}之后 moving_mean 不对：{difference}。只在训练时更新它，"
        "写法是 moving_mean.assign(momentum * moving_mean + (1 - momentum) * batch_mean)。",
    "count is {got} after {where}, expected {count}: add 1 per call with training=True, and "
    "nothing otherwise.":
        "{where}之后 count 为 {got}，应为 {count}：每次 training=True 的调用加 1，其他情况不变。",
    "{name}(momentum={momentum}).call with training=True":
        "以 training=True 调用 {name}(momentum={momentum}).call",
    "{name}.call with training=False": "以 training=False 调用 {name}.call",
    "After fit for {epochs} epochs of one batch each, {name}'s weights are {got}, but {epochs} "
    "calls with training=True give {want}. fit calls the layer with training=True: make call "
    "accept a `training` argument and use it.":
        "fit 训练 {epochs} 轮（每轮一个批次）之后，{name} 的权重是 {got}，"
        "而 {epochs} 次 training=True 的调用得到的是 {want}。fit 以 training=True 调用层："
        "让 call 接受 `training` 参数并使用它。",
    "model.predict should return what {name} returns with training=False; {difference}.":
        "model.predict 应返回 {name} 在 training=False 时返回的结果；{difference}。",
    "predict changed {name}'s statistics (from {before} to {after}); only calls with "
    "training=True may update them.":
        "predict 改动了 {name} 的统计量（从 {before} 变为 {after}）；"
        "只有 training=True 的调用才能更新它们。",
    "({name}({arguments}), input shape {shape}, seed {seed})":
        "（{name}({arguments})，输入形状 {shape}，随机种子 {seed}）",
    "{name}.call on an input of shape {shape}": "在形状为 {shape} 的输入上调用 {name}.call",
    "{name}.call returns the wrong values {where}: {difference}.":
        "{name}.call 返回的值不对{where}：{difference}。",
    "{name}.losses is empty after a call {where}: call self.add_loss(penalty) inside call.":
        "调用之后 {name}.losses 为空{where}：请在 call 里调用 self.add_loss(penalty)。",
    "The loss {name} adds is {total:.6g}, expected {expected:.6g} {where}.":
        "{name} 添加的损失是 {total:.6g}，应为 {expected:.6g}{where}。",
    "{name}.call, called a second time": "第二次调用 {name}.call",
    "After a second call, {name}.losses holds {again} losses instead of {n_losses}: each call "
    "must replace the losses of the previous one. Use self.add_loss (the layer clears those at "
    "every call), not a list of your own.":
        "第二次调用之后，{name}.losses 中有 {again} 个损失，而不是 {n_losses} 个："
        "每次调用都必须替换上一次的损失。请用 self.add_loss（层在每次调用时会清空它们），"
        "不要用自己的列表。",
    "No gradient of the added loss reaches the weight '{weight}' {where}: compute the penalty "
    "with kerasedu ops from the weight itself (not from weight.numpy()), so that training can "
    "reduce it.":
        "添加的损失没有梯度传到权重 '{weight}'{where}："
        "请用 kerasedu 的运算由权重本身（而不是 weight.numpy()）计算惩罚项，这样训练才能减小它。",
    "The gradient of the added loss with respect to '{weight}' is wrong {where}: {difference}.":
        "添加的损失对 '{weight}' 的梯度不对{where}：{difference}。",
    "Saving the config of a model holding {name}({arguments}) as JSON and rebuilding it with "
    "Sequential.from_config(config, custom_objects={{'{name}': {name}}})":
        "把含有 {name}({arguments}) 的模型的配置存为 JSON，"
        "再用 Sequential.from_config(config, custom_objects={{'{name}': {name}}}) 重建它",
    "{message}. get_config must return the arguments of __init__ (plus the base config) as values "
    "JSON can hold (an activation by its name: activations.serialize), so that {name}(**config) "
    "works.":
        "{message}。get_config 必须以 JSON 能保存的值返回 __init__ 的参数（再加上基类的配置；"
        "激活函数用它的名字：activations.serialize），这样 {name}(**config) 才能运行。",
    "The rebuilt model holds a {rebuilt_class}, not a {name}.":
        "重建的模型中是 {rebuilt_class}，而不是 {name}。",
    "The rebuilt layer's config {rebuilt_config} differs from the original's {config}.":
        "重建的层的配置 {rebuilt_config} 与原来的 {config} 不同。",
    "The rebuilt model holding {name}": "含有 {name} 的重建模型",
    "The rebuilt model computes different values from the original ({name}({arguments})): "
    "{difference}.":
        "重建的模型算出的值与原模型（{name}({arguments})）不同：{difference}。",
}
