"""Chinese for the words every check shares (kerasedu.grading.common, .student, .weights)."""

MESSAGES = {
    "{what} is not written yet (it raised NotImplementedError).":
        "{what} 还没有写（它引发了 NotImplementedError）。",
    "shape {want_shape} expected, received shape {got_shape}":
        "形状应为 {want_shape}，实际为 {got_shape}",
    "the arrays are empty": "数组为空",
    "at index {index}: expected {want:.6g}, received {got:.6g}":
        "在下标 {index} 处：应为 {want:.6g}，实际为 {got:.6g}",
    "  expected (first row): {want}\n  received (first row): {got}":
        "  应为（第一行）：{want}\n  实际（第一行）：{got}",
    "{what} returned {value!r} ({value_type}); it should return the output shape as a tuple, "
    "batch axis first, e.g. (None, 14, 14, 8).":
        "{what} 返回了 {value!r}（{value_type}）；它应以元组返回输出形状，批次轴在前，"
        "例如 (None, 14, 14, 8)。",
    "{what} returned {value}, which holds a bool; every entry must be an int (or None for an "
    "unknown size).":
        "{what} 返回了 {value}，其中含有 bool；每一项都必须是 int（大小未知时为 None）。",
    "{what} returned {value}, which holds the float {d!r}. Sizes are ints: use integer division "
    "(a // b) to round down, or -(-a // b) (or math.ceil) to round up.":
        "{what} 返回了 {value}，其中含有浮点数 {d!r}。大小是 int：向下取整用整数除法 (a // b)，"
        "向上取整用 -(-a // b)（或 math.ceil）。",
    "{what} returned {value}, which holds {d!r} ({d_type}); every entry must be an int, or None "
    "for an unknown size.":
        "{what} 返回了 {value}，其中含有 {d!r}（{d_type}）；每一项都必须是 int，"
        "大小未知时为 None。",
    "the output should have {n_want} axes (rank {n_want}), yours has {n_got}":
        "输出应有 {n_want} 个轴（秩为 {n_want}），你的有 {n_got} 个",
    "axis {axis}": "轴 {axis}",
    "axis 0 (batch)": "轴 0（批次）",
    "axis 1 (height)": "轴 1（高）",
    "axis 2 (width)": "轴 2（宽）",
    "axis 3 (channels)": "轴 3（通道）",
    "{label}: expected {w}, received {g}": "{label}：应为 {w}，实际为 {g}",
    "keep the batch axis (input_shape[0], usually None) as it is":
        "批次轴（input_shape[0]，通常为 None）应保持原样",
    "; ": "；",
    "{what} returned {value!r} ({value_type}); it should return the number of parameters as an "
    "int.":
        "{what} 返回了 {value!r}（{value_type}）；它应以 int 返回参数个数。",
    "{what} raised {error_type}: {error}": "{what} 引发了 {error_type}：{error}",
    "{text}. {hint}": "{text}。{hint}",
    "Creating {name}({arguments})": "创建 {name}({arguments})",
    "{text} (in __init__)": "{text}（在 __init__ 中）",
    "Your code printed this to stderr while the check ran:\n{shortened}":
        "检查运行期间，你的代码向 stderr 输出了以下内容：\n{shortened}",
    "{failure_message}\nYour code printed this to stderr while the check ran:\n{shortened}":
        "{failure_message}\n检查运行期间，你的代码向 stderr 输出了以下内容：\n{shortened}",
    "\n... ({more} more characters)": "\n……（还有 {more} 个字符）",
    "{owner}.weights holds {weight_type}, not a kerasedu Variable: create every weight with "
    "self.add_weight(...).":
        "{owner}.weights 中含有 {weight_type}，而不是 kerasedu 的 Variable："
        "每个权重都要用 self.add_weight(...) 创建。",
}
