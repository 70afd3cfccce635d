"""Profile one page in process, the way gunicorn calls it: `python -m bench.profile /learn/ --as student`.

Uses the benchmark environment (bench/run.py: production settings, the bench database, Redis) and the
data set `make bench` built. Prints the milliseconds per request and the SQL queries, and with
`--profile` a pyinstrument call tree of the repeated requests.
"""

import argparse
import io
import os
import sys
import time

from bench.run import bench_env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--as", dest="role", help="demo user whose session the requests carry (student, teacher, hq)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument call tree")
    args = parser.parse_args(argv)

    os.environ.update(bench_env())
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from bench.targets import session_cookie
    from coopportal.users.demo import demo_user

    cookie = session_cookie(demo_user(args.role)) if args.role else ""
    handler = WSGIHandler()

    def call() -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": args.path.split("?")[0],
            "QUERY_STRING": args.path.partition("?")[2],
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8077",
            "HTTP_HOST": "127.0.0.1:8077",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(handler(environ, lambda s, h, *a: status.append(s)))
        assert status[0].startswith("200"), (status[0], body[:300])
        return len(body)

    size = call()  # warm the caches the way a running server has them
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):  # the handler resets connection.queries per request
        call()
    started, cpu_started = time.perf_counter(), time.process_time()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    for _ in range(args.requests):
        call()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(
        f"{args.path}: {elapsed / args.requests * 1000:.2f} ms a request "
        f"({cpu / args.requests * 1000:.2f} ms of this process's CPU), {len(queries)} queries, {size:,} bytes"
    )
    for sql in queries:
        print("  " + sql[: int(os.environ.get("SQL_WIDTH", 200))])


if __name__ == "__main__":
    main()
