"""Chinese for kerasedu.grading.shape_checks: output shapes and parameter counts."""

MESSAGES = {
    " The input has a size that is unknown (None): the matching output size is None too, so test "
    "for None before doing arithmetic with a size.":
        "输入中有一个未知的大小（None）：对应的输出大小也是 None，所以在用某个大小做算术之前，"
        "先判断它是不是 None。",
    "{what} raised {error_type}: {error}.{hint}": "{what} 引发了 {error_type}：{error}。{hint}",
    "the function": "该函数",
    "{what} returned {got}, expected {want} (what {reference}({arguments}) gives for an input of "
    "shape {input_shape}): {difference}.":
        "{what} 返回了 {got}，应为 {want}（即 {reference}({arguments}) 对形状为 {input_shape} 的输"
        "入给出的结果）：{difference}。",
    "{name}({arguments}) raised {error_type} when called on data of shape {shape}: {error}":
        "{name}({arguments}) 在形状为 {shape} 的数据上调用时引发了 {error_type}：{error}",
    "For an input of shape {shape}, {name}.call returned shape {output_shape} but "
    "compute_output_shape says {declared}: the two methods must agree.":
        "对形状为 {shape} 的输入，{name}.call 返回的形状是 {output_shape}，"
        "而 compute_output_shape 给出的是 {declared}：这两个方法必须一致。",
    "{what} built the layer: count its parameters from its arguments (layer.units, layer.filters, "
    "layer.kernel_size, layer.use_bias, ...) and the input shape, without building it, as the "
    "problem asks.":
        "{what} 构建（build）了这个层：按题目要求，请根据层的参数（layer.units、layer.filters、"
        "layer.kernel_size、layer.use_bias 等）和输入形状来计算参数个数，不要构建它。",
    "{what} returned {got}, expected {want} (the layer '{layer}' of model_{model}; its weights: "
    "{weights}). Count every weight, trainable or not.":
        "{what} 返回了 {got}，应为 {want}（model_{model} 的层 '{layer}'；它的权重：{weights}）。"
        "每个权重都要算上，无论是否可训练。",
    "expected_params should be a dict {{layer name: number}}, received {expected_params_type}.":
        "expected_params 应当是一个 dict {{层名: 个数}}，收到的却是 {expected_params_type}。",
    "Reading expected_params": "读取 expected_params",
    "expected_params should have one entry per layer of model_{model}: {names}. ":
        "expected_params 应为 model_{model} 的每一层各给一项：{names}。",
    "Missing: {missing}. ": "缺少：{missing}。",
    "Not layers of the model: {extra}.": "不是这个模型的层：{extra}。",
    "'{layer}' ({layer_type}): expected {want}, received {got}":
        "'{layer}'（{layer_type}）：应为 {want}，实际为 {got}",
    "expected_params has 1 wrong entry for model_{model}: {wrong}.":
        "expected_params 中 model_{model} 有 1 项不对：{wrong}。",
    "expected_params has {n_wrong} wrong entries for model_{model}: {wrong}.":
        "expected_params 中 model_{model} 有 {n_wrong} 项不对：{wrong}。",
}
