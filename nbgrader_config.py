# nbgrader configuration for the kerasedu course. Run nbgrader commands from this directory.
#
#   solutions/<ps>/   instructor notebooks with solutions and hidden tests (nbgrader's source)
#   exercises/<ps>/   student notebooks generated from them, committed (nbgrader's release)
#   submitted/<student>/<ps>/   collected work, graded by `make grade`
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "kerasedu"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Each cell gets 30 seconds. A cell that runs longer is interrupted and scored 0, and
# grading goes on, so one endless loop never stops the class's grading.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
