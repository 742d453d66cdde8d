import re
import time

from django.core.management.base import BaseCommand, CommandError

from showcase.national import AlreadyGenerated, generate_national


def _years(text: str) -> range:
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text.strip())
    if not match:
        raise CommandError(f"--years must look like 2021-2025, not {text!r}.")
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise CommandError("--years: the last year comes before the first.")
    return range(first, last + 1)


class Command(BaseCommand):
    help = (
        "Fill the database with the national data set of the benchmark: every province, district and "
        "commune of the GSO list, indicator assessments with their results, review states, recognitions "
        "and OCOP products. Reproducible from --seed. Refuses (writing nothing) when the selected "
        "provinces already have assessments in the selected years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--years", default="2021-2025", help="First-last year of assessments.")
        parser.add_argument("--provinces", default="", help="Comma-separated GSO province codes (default: all 63).")
        parser.add_argument("--products", type=int, default=15000, help="Number of OCOP products.")

    def handle(self, seed: int, years: str, provinces: str, products: int, **options):
        codes = [code.strip().zfill(2) for code in provinces.split(",") if code.strip()] or None
        if codes and not all(re.fullmatch(r"\d{2}", code) for code in codes):
            raise CommandError("--provinces takes 2-digit GSO codes separated by commas, e.g. 42,40.")
        started = time.monotonic()
        try:
            counts = generate_national(seed=seed, years=_years(years), provinces=codes, products=products,
                                       log=lambda message: self.stdout.write(message))
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from None
        self.stdout.write(", ".join(f"{name}: {count:,}" for name, count in counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.0f} s."))
