#!/usr/bin/env python3
"""The seed program this project starts from (the Python multiprocessing manager serving an unlocked
DatabaseConnectionPool), for timing it next to `pool-client demo`: a manager process and eleven
client processes, each leasing one connection. Run: python3 benchmarks/seed.py"""
from multiprocessing import Process
from multiprocessing.managers import BaseManager


class DatabaseConnection:
    def __init__(self, conn_id):
        self.id = conn_id

    def __repr__(self):
        return f'connection(id={self.id})'


class DatabaseConnectionPool:
    def __init__(self):
        self.max_connections = 10
        self.ready_pool = [DatabaseConnection(i) for i in range(self.max_connections)]
        self.leased_pool = []

    def get(self):
        if not self.ready_pool:
            raise Exception('no connections available')
        conn = self.ready_pool[-1]
        self.ready_pool.pop()
        self.leased_pool.append(conn)
        return conn


class Manager(BaseManager):
    pass


Manager.register('DatabaseConnectionPool', DatabaseConnectionPool)


def proc(pool):
    try:
        conn = pool.get()
        print(f'leased {conn}')
    except Exception:
        print('failed to lease connection')


if __name__ == '__main__':
    manager = Manager()
    manager.start()
    pool = manager.DatabaseConnectionPool()
    procs = [Process(target=proc, args=(pool,)) for _ in range(11)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
