"""Chinese for kerasedu.grading.autodiff_checks: unbroadcast, an op of one's own on the tape,
and a backward pass traced by hand."""

MESSAGES = {
    "{name}(grad, {shape}) with grad of shape {grad_shape}":
        "{name}(grad, {shape})（grad 的形状为 {grad_shape}）",
    "{where} changed grad, its input: compute a new array (grad.sum(...) does) instead of writing "
    "into grad.":
        "{where} 改动了它的输入 grad：请计算出一个新数组（grad.sum(...) 就会这样做），"
        "不要写入 grad。",
    "{where} returned an array of shape {got_shape}; it must have the input's shape {shape}. Sum "
    "over the {leading} leading axes that broadcasting added, then, with keepdims=True, over "
    "every axis where the shape has size 1 and grad does not.":
        "{where} 返回的数组形状是 {got_shape}；它必须是输入的形状 {shape}。"
        "先在广播添加的 {leading} 个前导轴上求和，再用 keepdims=True，"
        "在 shape 中大小为 1 而 grad 中不为 1 的每个轴上求和。",
    "{where} returned the wrong values: {difference}. Each entry of the result is the sum of "
    "every entry of grad that broadcasting copied it to.":
        "{where} 返回的值不对：{difference}。结果的每一项，是它被广播复制到的 grad 中所有项的和。",
    "{where} returned {out_type}, not a kerasedu Tensor. Compute the result with numpy, then "
    "return record(out, (a, b), backward, {name!r}), which wraps it in a Tensor and links it to "
    "its inputs.":
        "{where} 返回了 {out_type}，而不是 kerasedu 的 Tensor。先用 numpy 计算结果，"
        "再返回 record(out, (a, b), backward, {name!r})，它会把结果包装成 Tensor，"
        "并与输入连接起来。",
    "{where} returned a Tensor of shape {out_shape}; the inputs broadcast to {want}, the shape "
    "the result must have.":
        "{where} 返回的 Tensor 形状是 {out_shape}；输入广播后的形状是 {want}，结果必须是这个形状。",
    "a {dtype} array of shape {shape}": "一个形状为 {shape} 的 {dtype} 数组",
    "Reading the result of {where}": "读取 {where} 的结果",
    "{where} computes the wrong values: {difference}. The forward pass is numpy's np.{op}"
    "(a.value, b.value).":
        "{where} 算出的值不对：{difference}。前向计算就是 numpy 的 np.{op}(a.value, b.value)。",
    "{where} returned a {dtype} Tensor; for float32 inputs it must stay float32 (numpy's function "
    "on the arrays keeps it).":
        "{where} 返回了 {dtype} 的 Tensor；输入是 float32 时结果必须仍是 float32（对数组直接用 "
        "numpy 的函数就会保持这一点）。",
    "Differentiating {where} (the tape calls your backward rule)":
        "对 {where} 求导（磁带会调用你的反向规则）",
    "No gradient reaches {name} through {where}: the op recorded nothing. Return record(out, (a, "
    "b), backward, {op!r}) so that the tape links the result to its inputs.":
        "没有梯度经由 {where} 传到 {name}：这个运算什么都没有记录。"
        "请返回 record(out, (a, b), backward, {op!r})，让磁带把结果和输入连接起来。",
    "The gradient your backward rule gives for {name} in {where}, {upstream}, does not match the "
    "numerical gradient: {difference}. The vector-Jacobian product for {name} is g · ("
    "{derivatives}). {hint}":
        "在 {where} 中（{upstream}），你的反向规则给出的 {name} 的梯度与数值梯度不一致："
        "{difference}。{name} 的向量-雅可比积是 g · ({derivatives})。{hint}",
    "Your gradients are those of g = 1: the backward rule ignores g, the gradient arriving from "
    "above, which it must multiply by the local derivative.":
        "你的梯度是 g = 1 时的梯度：反向规则忽略了 g，即从上游传来的梯度，而它必须乘以局部导数。",
    "Check the formula, and that it is multiplied by g.": "请检查公式，并确认它乘了 g。",
    "with a random upstream gradient g": "上游梯度 g 随机",
    "the gradient of ops.sum of it (g = 1)": "对它的 ops.sum 求梯度（g = 1）",
    "Each entry of an input that broadcasting used several times gets the sum of their gradients: "
    "unbroadcast(g · ..., a.shape).":
        "输入中被广播多次使用的每一项，得到的是这些梯度的和：unbroadcast(g · ..., a.shape)。",
    "{name} is a {answers_type}; it must be a dict {{name: number}}, e.g. {{'u': 1.0, ...}}.":
        "{name} 是 {answers_type}；它必须是一个 dict {{名字: 数值}}，例如 {{'u': 1.0, ...}}。",
    "{name} has no entry for {missing}: give a number for each of {keys}.":
        "{name} 中没有 {missing} 这一项：请为 {keys} 中的每一个给出数值。",
    "{name}[{key!r}] is {value!r} ({value_type}); it must be a number, such as 2.0.":
        "{name}[{key!r}] 是 {value!r}（{value_type}）；它必须是一个数，例如 2.0。",
    "Not right yet in {name}: {wrong}. ": "{name} 中还有不对的：{wrong}。",
    "Start with the forward pass: compute each intermediate value from the inputs, in the order "
    "the expression is evaluated.":
        "先做前向计算：按表达式求值的顺序，由输入算出每个中间值。",
    "Walk the graph from L backwards: dL/dL = 1; each op multiplies the gradient of its output by "
    "its local derivative; where a value is used twice, add the contributions of both uses; relu "
    "passes the gradient only where its input is positive.":
        "从 L 开始沿计算图反向走：dL/dL = 1；每个运算把它输出的梯度乘以它的局部导数；"
        "一个值被用了两次时，把两处的贡献相加；relu 只在输入为正的位置传递梯度。",
}
