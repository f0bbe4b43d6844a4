"""Chinese for kerasedu.grading.im2col_checks: im2col, and a convolution written with it."""

MESSAGES = {
    "im2col(x, kernel_size={kernel_size}, strides={strides}, padding={padding!r}) with x of shape "
    "{x_shape}":
        "im2col(x, kernel_size={kernel_size}, strides={strides}, padding={padding!r})（x 的形状为 "
        "{x_shape}）",
    "{where} changed x: pad a copy (np.pad returns a new array).":
        "{where} 改动了 x：请对副本做填充（np.pad 返回一个新数组）。",
    "OH = ceil(H / sh), OW = ceil(W / sw), with the zeros split between the two sides (the extra "
    "one after)":
        "OH = ceil(H / sh)，OW = ceil(W / sw)，填充的零分在两侧（多出的一个放在后面）",
    "OH = (H − KH) // sh + 1, OW = (W − KW) // sw + 1":
        "OH = (H − KH) // sh + 1，OW = (W − KW) // sw + 1",
    "{where} returned shape {got_shape}; expected ({rows}, {width}): one row per window (N · OH · "
    "OW = {n} · {oh} · {ow}) and KH · KW · C = {width} columns. With padding={padding!r}, {size}.":
        "{where} 返回的形状是 {got_shape}；应为 ({rows}, {width})："
        "每个窗口一行（N · OH · OW = {n} · {oh} · {ow}），共 KH · KW · C = {width} 列。"
        "padding={padding!r} 时，{size}。",
    "Row r holds the window at output position (n, oh, ow), starting at input row oh · sh and "
    "column ow · sw (of the padded input).":
        "第 r 行是输出位置 (n, oh, ow) 处的窗口，它从（填充后的）输入的第 oh · sh 行、"
        "第 ow · sw 列开始。",
    "Your rows read each window column by column, (kw, kh, c); a Keras kernel is (KH, KW, C, "
    "filters), so read it row by row: window[kh, kw, c] flattened in that order, e.g. x[n, i:i + "
    "KH, j:j + KW, :].reshape(-1).":
        "你的每一行是按列读取窗口的，(kw, kh, c)；Keras 的卷积核是 (KH, KW, C, filters)，"
        "所以要按行读取：按这个顺序展平 window[kh, kw, c]，"
        "例如 x[n, i:i + KH, j:j + KW, :].reshape(-1)。",
    "Your rows go (n, ow, oh); they must go (n, oh, ow), row-major like the output.":
        "你的行按 (n, ow, oh) 排列；它们必须像输出那样按行优先排列为 (n, oh, ow)。",
    "{where} returned the wrong values: {difference}. {hint}":
        "{where} 返回的值不对：{difference}。{hint}",
    "{where} did not call patches, the im2col it receives: compute the patch matrix with "
    "patches(x, kernel_size, strides, padding).":
        "{where} 没有调用传给它的 im2col，即 patches：请用 patches(x, kernel_size, strides, "
        "padding) 计算小块矩阵。",
    "conv2d(x, kernel, bias, strides={strides}, padding={padding!r}) with x of shape {x_shape} "
    "and a kernel of shape {kernel_shape}":
        "conv2d(x, kernel, bias, strides={strides}, padding={padding!r})（x 的形状为 {x_shape}，"
        "kernel 的形状为 {kernel_shape}）",
    "{where} returned shape {got_shape}; Conv2D returns {want_shape}, (N, OH, OW, filters). "
    "Reshape the (N · OH · OW, filters) product to it.":
        "{where} 返回的形状是 {got_shape}；Conv2D 返回的是 {want_shape}，即 (N, OH, OW, filters)。"
        "请把形状为 (N · OH · OW, filters) 的乘积变形为这个形状。",
    "{where} computes the wrong values: {difference}. Multiply the patches by the kernel reshaped "
    "to (KH · KW · C, filters), whose rows are in the same (kh, kw, c) order, then add the bias "
    "to every row.":
        "{where} 算出的值不对：{difference}。把小块矩阵乘以变形为 (KH · KW · C, filters) 的卷积核"
        "（它的行也按 (kh, kw, c) 的顺序排列），再给每一行加上 bias。",
    "conv2d(x, kernel, bias, strides={strides}, padding={padding!r}) with x of shape {x_shape}, "
    "kernel and bias float64 Variables":
        "conv2d(x, kernel, bias, strides={strides}, padding={padding!r})（x 的形状为 {x_shape}，"
        "kernel 和 bias 是 float64 的 Variable）",
    "{where} returned {out_type} of shape {shape}; it must return a kerasedu Tensor of shape "
    "{w_shape}. conv2d's values test says more.":
        "{where} 返回了形状为 {shape} 的 {out_type}；它必须返回形状为 {w_shape} 的 kerasedu Tensor"
        "。conv2d 的数值测试会给出更多信息。",
    "Differentiating {where}": "对 {where} 求导",
    "No gradient reaches the {name} through {where}: compute the product and the sum with "
    "kerasedu ops on the kernel and bias themselves (ops.matmul, ops.reshape, +), without "
    "converting them to numpy arrays.":
        "没有梯度经由 {where} 传到 {name}：请直接在 kernel 和 bias 上用 kerasedu 的运算（"
        "ops.matmul、ops.reshape、+）计算乘积与求和，不要把它们转换成 numpy 数组。",
    "The gradient with respect to the {name} through {where} does not match the numerical "
    "gradient: {difference}.":
        "经由 {where} 对 {name} 的梯度与数值梯度不一致：{difference}。",
}
