"""Chinese for kerasedu.grading.gradient_checker_checks: a numerical gradient, and a gradient
checker of one's own."""

MESSAGES = {
    "f(x) = sum(w * sin(x)) for fixed weights w": "f(x) = sum(w * sin(x))，w 为固定的权重",
    "Your values are those of a one-sided difference (f(x + h) − f(x)) / h, whose error shrinks "
    "only like h: use the central difference (f(x + h) − f(x − h)) / 2h, whose error shrinks like "
    "h².":
        "你的值是单侧差分 (f(x + h) − f(x)) / h 的结果，它的误差只按 h 的量级减小："
        "请用中心差分 (f(x + h) − f(x − h)) / 2h，它的误差按 h² 的量级减小。",
    "Compute in float64: in float32 the rounding of f(x ± h) is as large as the differences "
    "themselves. Copy x with np.array(x, dtype=np.float64) first.":
        "请用 float64 计算：在 float32 中，f(x ± h) 的舍入误差和差值本身一样大。"
        "先用 np.array(x, dtype=np.float64) 复制 x。",
    "Nudge one element at a time by +h and −h, evaluate f at both points and put back the "
    "element's value before the next one.":
        "每次只把一个元素分别加上 +h 和 −h，在两个点上求 f 的值，"
        "处理下一个元素之前把这个元素的值恢复回去。",
    "numerical_gradient(f, x, h={h}) for {words}, x a {dtype} array of shape {shape}":
        "numerical_gradient(f, x, h={h})（f 为 {words}，x 是形状为 {shape} 的 {dtype} 数组）",
    "{where} changed x: after nudging an element, put its value back (or work on a copy of x).":
        "{where} 改动了 x：扰动一个元素之后，要把它的值恢复回去（或者在 x 的副本上操作）。",
    "{where} returned {got_type} of shape {got_shape}; it must return an array of x's shape "
    "{shape}, one partial derivative per element.":
        "{where} 返回了形状为 {got_shape} 的 {got_type}；它必须返回与 x 形状相同（{shape}）"
        "的数组，每个元素一个偏导数。",
    "{where} returned a {dtype} array; return float64, the precision the differences are computed "
    "in.":
        "{where} 返回了 {dtype} 数组；请返回 float64，即计算差分时所用的精度。",
    "{where} is not accurate enough: {difference} (the true gradient; a central difference in "
    "float64 is within 1e-8 of it). {diagnosis}":
        "{where} 不够精确：{difference}（与真实梯度相比；float64 下的中心差分与它相差不超过 1e-8）"
        "。{diagnosis}",
    "a * sin(b), written with kerasedu ops": "用 kerasedu 的运算写成的 a * sin(b)",
    "a Dense(3, activation='tanh') layer, as a function of its input":
        "一个 Dense(3, activation='tanh') 层，看作其输入的函数",
    "an op whose backward rule doubles the gradient of a": "一个反向规则把 a 的梯度加倍的运算",
    "an op whose backward rule returns no gradient (None) for b":
        "一个反向规则对 b 不返回梯度（None）的运算",
    "an op whose backward rule ignores the upstream gradient for b":
        "一个反向规则对 b 忽略上游梯度的运算",
    "below 1e-6 (the backward rule is right)": "低于 1e-6（反向规则正确）",
    "above 0.01 (the backward rule is wrong)": "高于 0.01（反向规则错误）",
    "an array of shape {shape}": "一个形状为 {shape} 的数组",
    "gradient_check(function, {inputs}, numerical=...) for {words}":
        "gradient_check(function, {inputs}, numerical=...)（function 为{words}）",
    "{where} returned {errors!r}; it must return a list of {n_arrays} float(s), one relative "
    "error per input.":
        "{where} 返回了 {errors!r}；它必须返回由 {n_arrays} 个 float 组成的列表，"
        "每个输入一个相对误差。",
    "{where} called numerical for inputs of shapes {calls}; it must compute each input's "
    "numerical gradient with the numerical function it receives, once per input (shapes {shapes}).":
        "{where} 对形状为 {calls} 的输入调用了 numerical；"
        "它必须用传给它的 numerical 函数计算每个输入的数值梯度，每个输入一次（形状为 {shapes}）。",
    "{where} gives a relative error of {error:.6g} for input {position}; expected {expected}. The "
    "error is max|a − n| / max(max(|a| + |n|), 1e-12), with a the tape's gradient of sum(w · "
    "function(...)) (a missing gradient counts as zeros) and n the numerical gradient of the same "
    "weighted sum, as a function of that input alone.":
        "{where} 对输入 {position} 给出的相对误差是 {error:.6g}；应为{expected}。"
        "误差为 max|a − n| / max(max(|a| + |n|), 1e-12)，"
        "其中 a 是磁带对 sum(w · function(...)) 求出的梯度（缺失的梯度按零计），"
        "n 是同一加权和仅作为该输入的函数时的数值梯度。",
}
