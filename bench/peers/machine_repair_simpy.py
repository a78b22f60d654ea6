#!/usr/bin/python3
"""The machine-repair model (M/M/c//N) in SimPy 2 (Debian's python3-simpy),
the same model as w2t's src/ops/machine_repair.cpp, for the engine
comparison of bench/peers/compare.sh. Prints: events, seconds, availability.
An event is a failure or a repair done, as w2t counts them.
  machine_repair_simpy.py MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, hold, initialize, now, release, request, simulate

machines, crews = int(sys.argv[1]), int(sys.argv[2])
failure_rate, repair_rate, hours, seed = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
rng = random.Random(seed)
state = {"working": machines, "last": 0.0, "up": 0.0, "events": 0}


def account():
    state["up"] += state["working"] * (now() - state["last"])
    state["last"] = now()


class Machine(Process):
    def life(self, shop):
        while True:
            yield hold, self, rng.expovariate(failure_rate)
            account()
            state["working"] -= 1
            state["events"] += 1
            yield request, self, shop
            yield hold, self, rng.expovariate(repair_rate)
            yield release, self, shop
            account()
            state["working"] += 1
            state["events"] += 1


initialize()
shop = Resource(capacity=crews)
for i in range(machines):
    m = Machine()
    Process.__init__(m, name=f"m{i}")
    from SimPy.Simulation import activate
    activate(m, m.life(shop))
start = time.perf_counter()
simulate(until=hours)
seconds = time.perf_counter() - start
state["up"] += state["working"] * (hours - state["last"])
print(state["events"], f"{seconds:.3f}", f"{state['up'] / (machines * hours):.5f}")
