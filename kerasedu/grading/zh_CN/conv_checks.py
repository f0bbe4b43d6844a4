"""Chinese for kerasedu.grading.conv_checks: a Conv2D of one's own."""

MESSAGES = {
    "height": "高",
    "width": "宽",
    "{axis}: unknown (None) stays None": "{axis}：未知（None），仍为 None",
    "{axis}: ceil({n} / {s}) = {out}, after padding {before} before and {after} after (effective "
    "kernel {d}·({k} − 1) + 1 = {dk})":
        "{axis}：ceil({n} / {s}) = {out}，前面填充 {before}、"
        "后面填充 {after}（有效卷积核大小 {d}·({k} − 1) + 1 = {dk}）",
    "{axis}: floor(({n} − {dk}) / {s}) + 1 = {out}, where {dk} = {d}·({k} − 1) + 1 is the "
    "effective kernel size":
        "{axis}：floor(({n} − {dk}) / {s}) + 1 = {out}，"
        "其中 {dk} = {d}·({k} − 1) + 1 是有效卷积核大小",
    "padding={padding!r} gives {sizes}": "padding={padding!r} 时：{sizes}",
    "count_params() would give {got}, expected {want}": "count_params() 会得到 {got}，应为 {want}",
    "your kernel {kernel} holds the right numbers in another axis order: Keras stores "
    "(kernel_height, kernel_width, in_channels, filters) = {want}":
        "你的 kernel {kernel} 的各维大小是对的，但轴的顺序不对："
        "Keras 的存储顺序是 (kernel_height, kernel_width, in_channels, filters) = {want}",
    "with use_bias=True (the default) create a bias of shape ({filters},), one per filter":
        "use_bias=True（默认值）时要创建形状为 ({filters},) 的 bias，每个滤波器一个",
    "with use_bias=False create no bias": "use_bias=False 时不要创建 bias",
    "{name}.build({input_shape}) for {layer} created the wrong weights.\n  expected: {want}\n  "
    "received: {got}\n  {hints}. Create the kernel, then the bias, with self.add_weight(name=..., "
    "shape=..., initializer=...).":
        "{layer} 的 {name}.build({input_shape}) 创建的权重不对。\n  应为：{want}\n  实际："
        "{got}\n  {hints}。请先创建 kernel，再创建 bias，"
        "都用 self.add_weight(name=..., shape=..., initializer=...)。",
    "{name}.call ({context}) returned {n_got} tensors; it should return one.":
        "{name}.call（{context}）返回了 {n_got} 个张量；它应只返回一个。",
    "{name}.call ({context}) returned shape {got_shape}, expected {want_shape}: {sizes}.":
        "{name}.call（{context}）返回的形状是 {got_shape}，应为 {want_shape}：{sizes}。",
    "{name}.call computes the wrong values ({context}).\n  {difference}\n{first_rows}\n  Output "
    "(i, j) of filter f is bias[f] + the sum over a, b, c of x[i·s + a·d, j·s + b·d, c] · "
    "kernel[a, b, c, f], on the input after padding (cross-correlation: the kernel is not "
    "flipped).":
        "{name}.call 算出的值不对（{context}）。\n  {difference}\n{first_rows}\n  滤波器 f 在位置 "
        "(i, j) 的输出是 bias[f] 加上 x[i·s + a·d, j·s + b·d, c] · kernel[a, b, c, f] 对 a、b、"
        "c 的总和，x 是填充之后的输入（互相关：卷积核不翻转）。",
    "{name}.call computes its output with {used}, kerasedu's own: the problem is to write that "
    "computation yourself, {instead}.":
        "{name}.call 用 kerasedu 自带的 {used} 计算输出：本题要你自己写出这个计算，{instead}。",
    ", ": "、",
    "ops.conv (or a convolution layer)": "ops.conv（或卷积层）",
    "{layer} on an input of shape {shape}, seed {seed}":
        "{layer}，输入形状 {shape}，随机种子 {seed}",
    "with slices of the input and ops.matmul": "用输入的切片和 ops.matmul 来写",
    "{what} for {layer}": "{layer} 的 {what}",
    "{name}.compute_output_shape is not written yet (it raised NotImplementedError).":
        "{name}.compute_output_shape 还没有写（它引发了 NotImplementedError）。",
    "{what} for {layer} returned {got}, expected {want}: {difference}. {sizes}.":
        "{layer} 的 {what} 返回了 {got}，应为 {want}：{difference}。{sizes}。",
}
