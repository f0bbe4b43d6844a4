"""Chinese for kerasedu.grading.training_checks: losses, optimizers, early stopping and a
trained model's accuracy."""

MESSAGES = {
    "a {loss_type}, not a kerasedu Tensor": "一个 {loss_type}，而不是 kerasedu 的 Tensor",
    "{name}(y_true, y_pred) on {kind} data of shape {shape} (seed {seed})":
        "{name}(y_true, y_pred)（{kind} 数据，形状 {shape}，随机种子 {seed}）",
    "{name}(y_true, y_pred) on {kind} data of shape {shape} (seed {seed}, a predicted probability "
    "of 0 for the true class)":
        "{name}(y_true, y_pred)（{kind} 数据，形状 {shape}，随机种子 {seed}，"
        "真实类别的预测概率为 0）",
    "{name} is not written yet (it raised NotImplementedError).":
        "{name} 还没有写（它引发了 NotImplementedError）。",
    "{where} returned shape {got_shape}, expected {want_shape}: return one loss per sample "
    "(reduce over the last axis only).":
        "{where} 返回的形状是 {got_shape}，应为 {want_shape}："
        "每个样本返回一个损失（只在最后一个轴上归约）。",
    "{where} returned non-finite values {got}: clip y_pred to [epsilon, 1 - epsilon] before "
    "taking its log.":
        "{where} 返回了非有限值 {got}：取对数之前先把 y_pred 裁剪到 [epsilon, 1 - epsilon]。",
    "{where} returned the wrong values: {difference}.\n  expected: {want}\n  received: {got}":
        "{where} 返回的值不对：{difference}。\n  应为：{want}\n  实际：{got}",
    "{where} in float64": "float64 下的{where}",
    "{where} returned {wrong_type}, so no gradient can reach y_pred: compute the loss with "
    "kerasedu ops.":
        "{where} 返回了{wrong_type}，所以梯度无法传到 y_pred：请用 kerasedu 的运算计算损失。",
    "No gradient reaches y_pred in {where}: compute the loss with kerasedu ops (ops.square, "
    "ops.mean, ops.log, ...), not numpy.":
        "{where} 中没有梯度传到 y_pred：请用 kerasedu 的运算（ops.square、ops.mean、ops.log 等）"
        "计算损失，不要用 numpy。",
    "The gradient of {where} with respect to y_pred is wrong: {difference}.":
        "{where} 对 y_pred 的梯度不对：{difference}。",
    "{text}.apply(grads, params) at step {step}": "第 {step} 步的 {text}.apply(grads, params)",
    "{text}.apply is not written yet (it raised NotImplementedError).":
        "{text}.apply 还没有写（它引发了 NotImplementedError）。",
    "{text}.apply(grads, params) did not change params at step {step}: update the arrays in place "
    "(params[i] -= ..., or params[i][...] = ...); assigning to a local name does not change the "
    "caller's arrays.":
        "{text}.apply(grads, params) 在第 {step} 步没有改变 params："
        "请原地更新数组（params[i] -= ...，或 params[i][...] = ...）；"
        "赋值给一个局部变量名不会改变调用者的数组。",
    " (step 1 was right)": "（第 1 步是对的）",
    " (steps 1 to {step} were right)": "（第 1 步到第 {step} 步是对的）",
    "After step {step} of {text} (parameter shapes {map}, seed {seed}), parameter {i} is wrong"
    "{earlier}: {difference}.":
        "{text} 的第 {step} 步之后（参数形状 {map}，随机种子 {seed}），参数 {i} 不对{earlier}："
        "{difference}。",
    " Your step is the textbook form, w -= η·m̂/(√v̂ + ε) with bias-corrected averages m̂ and v̂; "
    "this problem grades Keras's form, w -= α·m/(√v + ε) with α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), where ε "
    "is added to √v itself.":
        "你的更新步是教科书上的形式，w -= η·m̂/(√v̂ + ε)，其中 m̂ 和 v̂ 是经过偏差修正的平均；"
        "本题按 Keras 的形式评分，w -= α·m/(√v + ε)，其中 α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)，"
        "ε 直接加在 √v 上。",
    "{student_cls!r} should subclass kerasedu.callbacks.Callback.":
        "{student_cls!r} 应当继承 kerasedu.callbacks.Callback。",
    "{text}, driven through the epochs {val_losses},": "依次经历各轮 {val_losses} 的 {text}",
    "{text} is not written yet (it raised NotImplementedError).":
        "{text} 还没有写（它引发了 NotImplementedError）。",
    " (training run {attempt} with the same callback object)":
        "（同一个回调对象的第 {attempt} 次训练）",
    "With val_loss = {val_losses} (epochs numbered from 0), {text} should {want}; yours {got}"
    "{again}.":
        "当 val_loss = {val_losses}（轮次从 0 开始编号）时，{text} 应当{want}；"
        "你的回调{got}{again}。",
    " Reset the callback's state in on_train_begin.": "请在 on_train_begin 中重置回调的状态。",
    "run every epoch and end with the weights of epoch {weights}":
        "运行完每一轮，并以第 {weights} 轮的权重结束",
    "stop after epoch {stop} and end with the weights of epoch {weights}":
        "在第 {stop} 轮之后停止，并以第 {weights} 轮的权重结束",
    "ran every epoch and ended with the weights of epoch {weights}":
        "运行了每一轮，并以第 {weights} 轮的权重结束",
    "stopped after epoch {stop} and ended with the weights of epoch {weights}":
        "在第 {stop} 轮之后停止了，并以第 {weights} 轮的权重结束",
    "model.fit(..., callbacks=[{text}])": "model.fit(..., callbacks=[{text}])",
    "{text}, driven by hand through the epochs {val_losses},":
        "手动依次经历各轮 {val_losses} 的 {text}",
    "model.fit(..., epochs={epochs}, callbacks=[{text}]) ran {ran} epochs, but the same callback "
    "driven by hand through those val_loss values {val_losses} stops after epoch {stop}: set "
    "self.model.stop_training = True in on_epoch_end, on the model fit trains.":
        "model.fit(..., epochs={epochs}, callbacks=[{text}]) 运行了 {ran} 轮，"
        "但同一个回调在手动经历这些 val_loss 值 {val_losses} 时会在第 {stop} 轮之后停止："
        "请在 on_epoch_end 中对 fit 所训练的模型设置 self.model.stop_training = True。",
    "After model.fit(..., callbacks=[{text}]) the model's weight {i} is not that of epoch "
    "{weights_epoch}, which the same callback driven by hand ends with: {difference}. Put the "
    "weights back with self.model.set_weights(...) in on_train_end.":
        "model.fit(..., callbacks=[{text}]) 之后，模型的权重 {i} 不是第 {weights_epoch} 轮的权重，"
        "而同一个回调在手动驱动时是以那一轮的权重结束的：{difference}。"
        "请在 on_train_end 中用 self.model.set_weights(...) 把权重恢复回去。",
    "model should be a kerasedu Model (Sequential or functional), received {model_type}.":
        "model 应当是 kerasedu 的 Model（Sequential 或函数式模型），收到的却是 {model_type}。",
    "model.predict on the test digits (shape {x_test_shape}, values x / 16 in [0, 1])":
        "在测试集数字图像（形状 {x_test_shape}，取值 x / 16，位于 [0, 1]）上调用 model.predict",
    "The training of `model` was interrupted before its last epoch (the grader stops a cell that "
    "runs longer than its time limit): train for fewer epochs, or a smaller model, so that the "
    "cell finishes well within the limit.":
        "`model` 的训练在最后一轮之前被中断了（评分程序会停止运行时间超过限制的单元格）："
        "请减少训练轮数，或用更小的模型，让这个单元格在限制之内从容完成。",
    "model.predict returned shape {scores_shape} for {n_x_test} test digits; expected ({n_x_test}"
    ", 10), one score per class.":
        "对 {n_x_test} 个测试数字，model.predict 返回的形状是 {scores_shape}；"
        "应为 ({n_x_test}, 10)，每个类别一个分数。",
    "The model's accuracy on the {n_x_test} test digits is {accuracy:.3f}; it must be at least "
    "{minimum:.2f}.":
        "模型在 {n_x_test} 个测试数字上的准确率是 {accuracy:.3f}；至少要达到 {minimum:.2f}。",
}
