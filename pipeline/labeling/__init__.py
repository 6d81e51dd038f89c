"""Pseudo-labels from French radiology reports: tasks as files, backends, answer parsing, voting, split."""

from pipeline.labeling.parse import parse_answer
from pipeline.labeling.rules import apply_rules
from pipeline.labeling.split import choose_study_per_patient, split_patients
from pipeline.labeling.tasks import BUILTIN_TASKS, Task, TaskError, load_task, load_tasks
from pipeline.labeling.voting import Vote, vote

__all__ = ["BUILTIN_TASKS", "Task", "TaskError", "Vote", "apply_rules", "choose_study_per_patient", "load_task",
           "load_tasks", "parse_answer", "split_patients", "vote"]
