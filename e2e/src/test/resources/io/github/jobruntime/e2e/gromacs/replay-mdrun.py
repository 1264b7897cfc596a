#!/usr/bin/python3
"""A REPLAY of `gmx mdrun -v` (GROMACS 2022), not GROMACS: it writes the recorded stderr of mdrun-v.txt, beside
this script, to its own stderr, the step lines one by one with their \r's, one every --interval seconds.

mdrun-v.txt is a 4-rank thread-MPI run (gmx mdrun -v -ntmpi 4 -dlb no) of 50000 steps, laid out byte for byte as
GROMACS 2022.5 writes it (https://github.com/gromacs/gromacs, tag v2022.5): the header; "starting mdrun '...'" and
"N steps, X ps." (src/gromacs/mdrun/md.cpp); every 100 steps print_time()'s "\rstep N, will finish DATE", or
", remaining wall clock time: S s" in the last 300 s (src/gromacs/mdrunutility/printtime.cpp); under domain
decomposition, at the search steps that fall on a printed step (every other one here, nstlist 40),
dd_print_load_verbose()'s "imb F NN% " (src/gromacs/domdec/partition.cpp), which comes after the previous step's
text and before the next \r; "Writing final coordinates." (src/gromacs/mdlib/trajectory_writing.cpp); the load
balancing report; the Core t/Wall t table and "Performance: ns/day hour/ns" (src/gromacs/gmxlib/nrnb.cpp). The
same lines as public runs print them, e.g. "step 50000, remaining wall clock time:     0 s" then the
Performance table in tutorials, "vol 0.94  imb F  2% pme/F 0.92 step 10000, ..." from gmx_mpi on a cluster.

Options:
  --interval S  seconds between step lines (default 0.1)
  --from STEP   a resumed run (-cpi state.cpt): "N steps, X ps (continuing from step STEP, T ps)." and the step
                lines from STEP on
  --mpi         as an MPI build (gmx_mpi) prints under mpirun: no \r, each step line ends in \n, so that the
                "imb F NN% " of a search step comes before its "step N" (print_time's PAR(cr) branch)

On SIGTERM it does as mdrun does (src/gromacs/mdlib/stophandler.cpp): "Received the TERM signal, stopping within
200 steps", goes on to the next search step that is a multiple of 200, writes the final coordinates (confout.gro)
and the checkpoint (state.cpt) in the working directory, prints its timings, and exits (0, here).
"""
import os
import signal
import sys
import time

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mdrun-v.txt")
DT_PS = 0.002


def main(argv):
    interval, resume_from, mpi = 0.1, None, False
    i = 0
    while i < len(argv):
        if argv[i] == "--interval":
            interval = float(argv[i + 1])
            i += 2
        elif argv[i] == "--from":
            resume_from = int(argv[i + 1])
            i += 2
        elif argv[i] == "--mpi":
            mpi = True
            i += 1
        else:
            sys.exit("replay-mdrun.py: unknown argument " + argv[i])

    with open(FIXTURE, newline="") as f:
        text = f.read()
    steps_line_end = text.index(" ps.\n") + len(" ps.\n")
    header = text[:steps_line_end]
    final = text.index("\nWriting final coordinates.\n")
    body = text[steps_line_end:final]
    footer = text[final:]
    # The step pieces: "step N, ...", each with what came after it before the next \r ("imb F NN% ").
    pieces = []
    for piece in body.split("\r")[1:]:
        at = piece.find("imb F")
        step_text, after = (piece, "") if at < 0 else (piece[:at], piece[at:])
        pieces.append((int(step_text.split()[1].rstrip(",")), step_text, after))
    last_step_line = footer.split("\r")[1]
    nsteps = int(last_step_line.split()[1].rstrip(","))

    if resume_from is not None:
        lines = header.split("\n")
        lines[-2] = "%d steps, %8.1f ps (continuing from step %d, %8.1f ps)." % (
            nsteps, nsteps * DT_PS, resume_from, resume_from * DT_PS)
        header = "\n".join(lines).replace("-dlb no\n", "-dlb no -cpi state.cpt\n")
        pieces = [p for p in pieces if p[0] >= resume_from]

    stop = {"signal": False}
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.update(signal=True))
    err = sys.stderr
    err.write(header)
    err.flush()
    started = time.monotonic()
    first_step = pieces[0][0] if pieces else nsteps
    stop_at = None
    for step, step_text, after in pieces:
        if stop["signal"] and stop_at is None:
            err.write("\n\nReceived the TERM signal, stopping within 200 steps\n\n")
            stop_at = step if step % 200 == 0 else step + 200 - step % 200
        if stop_at is not None and step >= stop_at:
            finish(err, step, step_text, started, first_step)
            return 0
        err.write(step_text + "\n" if mpi else "\r" + step_text)
        err.write(after)
        err.flush()
        time.sleep(interval)
    write_files()
    err.write(footer if not mpi else footer.replace("\r", ""))
    err.flush()
    return 0


def finish(err, step, step_text, started, first_step):
    """The end of a run that a signal stopped: final coordinates, checkpoint, this replay's own timings."""
    write_files()
    err.write("\nWriting final coordinates.\n")
    err.write("\r" + step_text + "\n")
    wall = max(time.monotonic() - started, 1e-3)
    core = wall * 8
    ps = (step - first_step) * DT_PS
    err.write("\n%12s %12s %12s %10s\n" % ("", "Core t (s)", "Wall t (s)", "(%)"))
    err.write("%12s %12.3f %12.3f %10.1f\n" % ("Time:", core, wall, 100.0 * core / wall))
    if ps > 0:
        err.write("%12s %12s %12s\n" % ("", "(ns/day)", "(hour/ns)"))
        err.write("%12s %12.3f %12.3f\n" % ("Performance:", ps * 24 * 3.6 / wall, 1000 * wall / (3600 * ps)))
    err.write("\nGROMACS reminds you: \"This simulation is not as the former.\" (Malvolio, Act II, scene V of "
              "Shaphespeare's Twelfth Night)\n\n")
    err.flush()


def write_files():
    with open("confout.gro", "w") as f:
        f.write("LYSOZYME in water (a replay's placeholder)\n0\n   7.00000   7.00000   7.00000\n")
    with open("state.cpt", "wb") as f:
        f.write(b"a replay's placeholder for mdrun's checkpoint\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
