package io.weir.scenarios;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One thread of a scenario (a producer, a consumer), running its {@link Loop} until the loop says
 * it is done or {@link #stop} is called. Never interrupted: an interrupt during a broker call
 * would close the partition log's file channel. Its waits ({@link #pause}) end early on stop
 * instead, and broker waits are kept short, so {@link #stop} returns within about a second.
 */
public final class Worker {

    /** Every scenario thread's name starts with this, so a test can tell that none is left. */
    public static final String THREAD_PREFIX = "weir-scenario-";

    private static final Logger LOG = Logger.getLogger(Worker.class);
    private static final Duration JOIN = Duration.ofSeconds(10);

    /** One step of a worker's work; a worker repeats it. */
    @FunctionalInterface
    public interface Loop {
        /** Does one step; returns false when there is nothing more to do (the worker then ends). */
        boolean step(Worker worker) throws Exception;

        /** Called once on the worker's thread after its last step, e.g. to leave a consumer group. */
        default void finish() {
        }
    }

    private final String name;
    private final Loop loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private Worker(String name, Loop loop) {
        this.name = name;
        this.loop = loop;
        this.thread = new Thread(this::run, THREAD_PREFIX + name);
        thread.setDaemon(true);
    }

    static Worker start(String name, Loop loop) {
        Worker worker = new Worker(name, loop);
        worker.thread.start();
        return worker;
    }

    private void run() {
        try {
            while (!stopping()) {
                try {
                    if (!loop.step(this)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // A scenario must keep going (a rebalance, a full topic); one line per failure, then a pause.
                    LOG.infof("Scenario worker %s: %s; retrying in a second", name, e.toString());
                    pause(Duration.ofSeconds(1));
                }
            }
        } finally {
            try {
                loop.finish();
            } catch (RuntimeException e) {
                LOG.infof("Scenario worker %s could not finish cleanly: %s", name, e.toString());
            }
        }
    }

    public String name() {
        return name;
    }

    /** True once {@link #stop} was called. */
    public boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** Waits {@code duration}, or less if the worker is stopped meanwhile; returns false if it was. */
    public boolean pause(Duration duration) {
        try {
            return !stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** Asks the worker to stop and waits until its thread has ended. */
    public void stop() {
        stopped.countDown();
        join();
    }

    /** Waits until the thread has ended (its loop finished or it was stopped). */
    void join() {
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("Scenario worker %s did not stop within %s", name, JOIN);
        }
    }
}
