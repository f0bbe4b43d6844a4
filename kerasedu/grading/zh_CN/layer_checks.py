"""Chinese for kerasedu.grading.layer_checks: a layer's build, call, shapes, config and
gradients."""

MESSAGES = {
    "Expected a class that subclasses kerasedu.layers.Layer, received {student_cls!r}.":
        "这里需要一个继承 kerasedu.layers.Layer 的类，收到的却是 {student_cls!r}。",
    "{name} subclasses kerasedu's own {own}: subclass Layer and write the methods yourself.":
        "{name} 继承了 kerasedu 自带的 {own}：请继承 Layer，自己写出这些方法。",
    "Creating {name}({arguments}) (in __init__) raised {error_type}: {error}":
        "创建 {name}({arguments}) 时（在 __init__ 中）引发了 {error_type}：{error}",
    "{name}.build({shape}) raised {error_type}: {error}":
        "{name}.build({shape}) 引发了 {error_type}：{error}",
    "weight '{wn}' should have shape {ws}, yours has {gs}":
        "权重 '{wn}' 的形状应为 {ws}，你的是 {gs}",
    "a weight named '{gn}' should be named '{wn}' (name=... in add_weight)":
        "名为 '{gn}' 的权重应命名为 '{wn}'（add_weight 的 name=...）",
    "weight '{wn}' should be trainable": "权重 '{wn}' 应当可训练（trainable）",
    "weight '{wn}' should be non-trainable": "权重 '{wn}' 应当不可训练（non-trainable）",
    "build should create {n_want} weights, yours created {n_got}":
        "build 应创建 {n_want} 个权重，你的创建了 {n_got} 个",
    "{name}.build({input_shape}) with arguments ({arguments}) created the wrong weights.\n  "
    "expected: {want}\n  received: {got}\n  ":
        "{name}.build({input_shape})（参数为 ({arguments})）创建的权重不对。\n  应为："
        "{want}\n  实际：{got}\n  ",
    "arguments {arguments}; input shape {shape}; seed {seed}":
        "参数 {arguments}；输入形状 {shape}；随机种子 {seed}",
    "none": "无",
    "{method} ({context}) returned {n_got} tensor(s), expected {n_want}.":
        "{method}（{context}）返回了 {n_got} 个张量，应为 {n_want} 个。",
    "{method} ({context}) returned shape {g_shape}, expected {w_shape}.":
        "{method}（{context}）返回的形状是 {g_shape}，应为 {w_shape}。",
    "{method} computes the wrong values ({context}).\n  {difference}\n{first_rows}":
        "{method} 算出的值不对（{context}）。\n  {difference}\n{first_rows}",
    "{name} has no compute_output_shape(): define it to return the output shape for an input "
    "shape such as {shape}.":
        "{name} 没有 compute_output_shape()：请定义它，对 {shape} 这样的输入形状返回输出形状。",
    " Keep the batch axis (the first entry, usually None) first, as it is.":
        "批次轴（第一项，通常为 None）要原样放在最前面。",
    "{what} returned {got}, expected {want}: {detail}.":
        "{what} 返回了 {got}，应为 {want}：{detail}。",
    "{what} returned {got}, expected {want}.": "{what} 返回了 {got}，应为 {want}。",
    "{name}.get_config() is missing the keys {missing}; it returned {config}. Add each "
    "constructor argument to the dict.":
        "{name}.get_config() 缺少键 {missing}；它返回的是 {config}。"
        "请把构造函数的每个参数都加进这个 dict。",
    "The config does not round-trip: get_config() gave {config}, but the rebuilt layer's "
    "get_config() gave {clone_config}.":
        "配置无法往返还原：get_config() 给出 {config}，"
        "而重建的层的 get_config() 给出 {clone_config}。",
    "{name}.call (in float64, input shape {shape})": "{name}.call（float64，输入形状 {shape}）",
    "input {i}": "输入 {i}",
    "input": "输入",
    "weight '{w_name}'": "权重 '{w_name}'",
    "No gradient reaches the {what} of {name}: call must compute the output with kerasedu ops (or "
    "Tensor operators) from the inputs and weights, without converting them to numpy arrays.":
        "没有梯度传到 {name} 的{what}：call 必须用 kerasedu 的运算（或 Tensor 的运算符）"
        "由输入和权重算出输出，不能把它们转换成 numpy 数组。",
    "The gradient with respect to the {what} of {name} does not match finite differences (largest "
    "difference {max:.3g}). Compute call with kerasedu ops only, and keep every step "
    "differentiable: a value converted to numpy cuts the path of the gradient.":
        "对 {name} 的{what}的梯度与有限差分不一致（最大差值 {max:.3g}）。"
        "call 中只用 kerasedu 的运算，并让每一步都可微：转换成 numpy 的值会切断梯度的路径。",
}
