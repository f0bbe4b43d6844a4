"""Chinese for kerasedu.grading.recurrent_checks: recurrent layers' output shapes and
parameter counts."""

MESSAGES = {
    "the layer returns {n_want} tensors ([output, *states]), so return a list of {n_want} shapes":
        "这个层返回 {n_want} 个张量（[output, *states]），所以要返回由 {n_want} 个形状组成的列表",
    "the layer returns one tensor, so return its shape as one tuple":
        "这个层只返回一个张量，所以把它的形状作为一个元组返回",
    "the layer returns {n_want} tensors, you gave {n_got} shapes":
        "这个层返回 {n_want} 个张量，你给出了 {n_got} 个形状",
    "shape {i}: {difference}": "形状 {i}：{difference}",
    "{what} returned {got}, expected {want} (what {layer} gives for an input of shape "
    "{input_shape}): {difference}.":
        "{what} 返回了 {got}，应为 {want}（即 {layer} 对形状为 {input_shape} 的输入给出的结果）："
        "{difference}。",
    "{what} returned {got}, expected {want}; the layer's weights are {weights}. The number of "
    "steps ({steps}) never matters: every step uses the same weights.":
        "{what} 返回了 {got}，应为 {want}；这个层的权重是 {weights}。时间步数（{steps}）"
        "与参数个数无关：每一步用的都是同一组权重。",
}
