"""Chinese for kerasedu.grading.merge_checks: merge layers' values, shapes and errors."""

MESSAGES = {
    "{name} uses ops.{used}: write the computation yourself, as the problem asks.":
        "{name} 用了 ops.{used}：按题目要求，请自己写出这个计算。",
    "{layer} created weights {weights}; a merge layer has none.":
        "{layer} 创建了权重 {weights}；合并层没有权重。",
    "{text} called on Inputs of shapes {shapes}": "在形状为 {shapes} 的 Input 上调用 {text}",
    "{text} called on Inputs of shapes {shapes} gave a KerasTensor of shape {got}, expected {want}"
    ".":
        "在形状为 {shapes} 的 Input 上调用 {text}，得到的 KerasTensor 形状是 {got}，应为 {want}。",
    "a tensor of shape {shape}": "一个形状为 {shape} 的张量",
    "{what} should raise ValueError, because these shapes cannot be merged, but it returned "
    "{outcome}. Check the shapes in build (Keras does), so the mistake shows when the model is "
    "put together.":
        "{what} 应当引发 ValueError，因为这些形状无法合并，但它返回了{outcome}。"
        "请在 build 中检查形状（Keras 就是这样做的），这样在搭建模型时就能发现错误。",
    "{what} raised {kind} ({message}); it should raise ValueError naming the input shapes.":
        "{what} 引发了 {kind}（{message}）；它应当引发 ValueError，并写明输入的形状。",
    "{what} raised ValueError as it should, but the message does not name the shape {missing}. "
    "Include the input shapes, e.g. f\"... Received input shapes: {{input_shape}}\". Your "
    "message: {message!r}":
        "{what} 按要求引发了 ValueError，但错误信息没有写出形状 {missing}。"
        "请在信息中写明输入的形状，例如 f\"... Received input shapes: {{input_shape}}\"。"
        "你的信息：{message!r}",
    "{what} raised ValueError as it should, but the message does not name the shapes {missing}. "
    "Include the input shapes, e.g. f\"... Received input shapes: {{input_shape}}\". Your "
    "message: {message!r}":
        "{what} 按要求引发了 ValueError，但错误信息没有写出形状 {missing}。"
        "请在信息中写明输入的形状，例如 f\"... Received input shapes: {{input_shape}}\"。"
        "你的信息：{message!r}",
    "{text} called on arrays of shapes {concrete}": "在形状为 {concrete} 的数组上调用 {text}",
    "{text} called on a single array": "在单个数组上调用 {text}",
    "{text} called on a single array of shape {x_shape} (not a list) should raise ValueError, but "
    "it returned {outcome}. In build, check that input_shape is a list of shapes: "
    "isinstance(input_shape[0], (tuple, list)).":
        "在形状为 {x_shape} 的单个数组（而不是列表）上调用 {text} 应当引发 ValueError，"
        "但它返回了{outcome}。请在 build 中检查 input_shape 是否为形状的列表："
        "isinstance(input_shape[0], (tuple, list))。",
    "{text} called on a single array of shape {x_shape} raised {kind} ({message}); it should "
    "raise ValueError saying that a merge layer takes a list of inputs.":
        "在形状为 {x_shape} 的单个数组上调用 {text} 引发了 {kind}（{message}）；"
        "它应当引发 ValueError，说明合并层接受的是输入的列表。",
}
