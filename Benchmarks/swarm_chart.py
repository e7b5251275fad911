"""Draws the swarm benchmark's chart: time from starting the CLI until every minion answered
test.ping, against the number of minions, for brine-master and salt-master.

Usage: python swarm_chart.py swarm.json swarm.png   (needs matplotlib; scripts/bench installs it
into .bench-venv). Each line joins the medians of the runs where every minion answered; a run
where some did not is drawn as a cross, labelled with how many did.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")  # no display: write the file only
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

STYLE = {"brine": ("Brine (brine-master)", "tab:blue"), "salt": ("Salt 3008.5 (salt-master)", "tab:orange")}


def main(source, target):
    with open(source) as handle:
        report = json.load(handle)
    figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
    for system, (label, colour) in STYLE.items():
        rounds = [r for r in report["rounds"] if r["system"] == system]
        answered = [r for r in rounds if r["answer_s"] is not None]
        if answered:
            axes.plot([r["minions"] for r in answered], [r["answer_s"] for r in answered],
                      marker="o", color=colour, label=label)
            for r in answered:
                axes.annotate(f'{r["answer_s"]:.2f} s', (r["minions"], r["answer_s"]),
                              textcoords="offset points", xytext=(4, 6), fontsize=8, color=colour)
        for r in rounds:
            for run in r["runs"]:
                if run["answered"] < r["minions"]:
                    axes.plot(r["minions"], run["s"], marker="x", markersize=10, color=colour, linestyle="none")
                    axes.annotate(f'{run["answered"]}/{r["minions"]} answered', (r["minions"], run["s"]),
                                  textcoords="offset points", xytext=(6, -12), fontsize=8, color=colour)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("minions (simulated, brine-swarm)")
    axes.set_ylabel("seconds from CLI start until all answered")
    axes.set_title("'*' test.ping: time until every minion answered")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.text(0.01, 0.01, report.get("machine", ""), fontsize=7, alpha=0.7)
    figure.tight_layout()
    figure.savefig(target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: swarm_chart.py swarm.json swarm.png")
    main(sys.argv[1], sys.argv[2])
