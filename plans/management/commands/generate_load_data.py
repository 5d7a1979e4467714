import time

from django.core.management.base import BaseCommand, CommandError

from plans.load_data import AlreadyGenerated, generate


class Command(BaseCommand):
    help = ("Create a district-scale data set for benchmarks and load tests (plans, units, tasks, ~one progress "
            "update per task and month, reviews, urges). The same --seed gives the same data.")

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=10)
        parser.add_argument("--tasks", type=int, default=5000)
        parser.add_argument("--units", type=int, default=100)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, plans, tasks, units, months, seed, **options):
        if min(plans, tasks, units, months) < 1:
            raise CommandError("--plans, --tasks, --units and --months must each be at least 1.")
        started = time.perf_counter()
        try:
            made = generate(plans=plans, tasks=tasks, units=units, months=months, seed=seed)
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Created {made.plans} plans, {made.sections} sections, {made.tasks} tasks, {made.units} units, "
            f"{made.task_units} task units, {made.targets} targets, {made.updates} progress updates, "
            f"{made.actuals} target values, {made.urges} urges in {time.perf_counter() - started:.1f} s "
            f"(seed {seed}; supervisor login {made.supervisor.username}, no password)."
        ))
