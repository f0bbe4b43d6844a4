"""Chinese for kerasedu.grading.integrity and .kernel_watch: what tampering was found."""

MESSAGES = {
    "Tampering detected: {shown}. Code run in this notebook changed what the checks rely on, so "
    "no check can be trusted in this kernel: this test and every later one fail. Remove that "
    "code, restart the kernel and run the notebook again.":
        "检测到篡改：{shown}。这个笔记本中运行的代码改动了检查所依赖的东西，"
        "因此在这个内核里任何检查都不再可信：本测试和之后的每个测试都会失败。请删除那段代码，"
        "重启内核，再重新运行整个笔记本。",
    "something the checks rely on was changed": "检查所依赖的某样东西被改动了",
    "; and {more} more": "；另有 {more} 处",
    "{where} was removed": "{where} 被删除了",
    "{where} was replaced": "{where} 被替换了",
    "{label}.{key} was changed": "{label}.{key} 被改动了",
    "{label}.{key} was replaced": "{label}.{key} 被替换了",
    "{label} were changed": "{label}被改动了",
    "the {what} of {name} was replaced": "{name} 的 {what} 被替换了",
    "{label}.{key} was defined in this notebook": "{label}.{key} 是在这个笔记本中定义的",
    "code run in this notebook tried to change the {what} of {name}":
        "这个笔记本中运行的代码试图改动 {name} 的 {what}",
    "{name}.{what} cannot be changed: it is part of the checks.":
        "{name}.{what} 不能改动：它是检查的一部分。",
    "{label} (traits)": "{label}（traits）",
    "{label} hold code from this notebook": "{label}中含有这个笔记本里的代码",
    "IPython's shell": "IPython 的 shell",
    "IPython's compiler": "IPython 的编译器",
    "IPython's events": "IPython 的事件",
    "IPython's input transformers": "IPython 的输入转换器",
    "IPython's display hook": "IPython 的显示钩子",
    "IPython's display publisher": "IPython 的显示发布器",
    "IPython's traceback formatter": "IPython 的回溯格式化器",
    "IPython's {event} callbacks": "IPython 的 {event} 回调",
    "IPython's custom exception handlers (set_custom_exc)":
        "IPython 的自定义异常处理器（set_custom_exc）",
    "IPython's custom exception handlers (set_custom_exc) were set":
        "IPython 的自定义异常处理器（set_custom_exc）被设置了",
    "IPython's cleanup transforms": "IPython 的清理变换",
    "IPython's line transforms": "IPython 的行变换",
    "IPython's token transformers": "IPython 的词法单元转换器",
    "IPython's input_transformers_post": "IPython 的 input_transformers_post",
    "IPython's ast_transformers": "IPython 的 ast_transformers",
    "the kernel": "内核",
    "the kernel's session": "内核的会话",
    "the notebook's namespace": "笔记本的命名空间",
    "the notebook's __builtins__ was replaced": "笔记本的 __builtins__ 被替换了",
}
