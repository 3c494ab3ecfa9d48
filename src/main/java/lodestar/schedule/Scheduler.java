package lodestar.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import lodestar.slack.AfterAckPools;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with its clustered JDBC job store on Lodestar's own database and connection pool. Several bot
 * instances may run on one database: Quartz's row locks make sure each trigger fires on one of them
 * only, and a trigger missed while every instance was down fires once when one starts.
 */
public final class Scheduler implements AutoCloseable {
    /** The job data that names the workspace a job is for, so that uninstalling can delete it. */
    public static final String TEAM = "team";

    private static final String NAME = "lodestar";

    private final org.quartz.Scheduler quartz;
    private final String dataSourceName;
    private final Map<Class<? extends Job>, Supplier<? extends Job>> jobs = new ConcurrentHashMap<>();

    private Scheduler(org.quartz.Scheduler quartz, String dataSourceName) {
        this.quartz = quartz;
        this.dataSourceName = dataSourceName;
    }

    /** Creates a scheduler (not yet started) on the given pool. */
    public static Scheduler create(DataSource dataSource) {
        // Quartz looks data sources up by name in a JVM-wide registry that can only grow; a unique name lets
        // tests run several instances, on several pools, in one JVM, and the entry lets go of the pool when
        // the scheduler shuts down (see PoolConnections), so repeated starts neither collide nor leak pools.
        String dataSourceName = NAME + "-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolConnections(dataSource));
        var properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "4");
        properties.setProperty("org.quartz.threadPool.threadPriority", String.valueOf(AfterAckPools.WORKER_PRIORITY));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty(
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        properties.setProperty("org.quartz.jobStore.useProperties", "true");
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        try {
            var quartz = new StdSchedulerFactory(properties).getScheduler();
            // Quartz also keeps schedulers in a JVM-wide registry by name, and all our instances share
            // one name so that they form one cluster; forget this one so that another can be created.
            SchedulerRepository.getInstance().remove(NAME);
            var scheduler = new Scheduler(quartz, dataSourceName);
            quartz.setJobFactory(scheduler.jobFactory());
            return scheduler;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not create the Quartz scheduler", e);
        }
    }

    /** Declares how to build a job of the given class; jobs are one-line adapters to a service. */
    public <J extends Job> void register(Class<J> type, Supplier<J> factory) {
        jobs.put(type, factory);
    }

    /**
     * Schedules the job with its trigger unless a trigger with that key exists already (another
     * instance, or an earlier start, may have scheduled it).
     */
    public void scheduleIfAbsent(JobDetail job, Trigger trigger) {
        try {
            if (!quartz.checkExists(trigger.getKey())) {
                if (quartz.checkExists(job.getKey())) {
                    quartz.scheduleJob(trigger.getTriggerBuilder().forJob(job).build());
                } else {
                    quartz.scheduleJob(job, trigger);
                }
            }
        } catch (ObjectAlreadyExistsException raced) {
            // Another instance scheduled it at the same moment: that is what we wanted.
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule " + trigger.getKey(), e);
        }
    }

    /** Replaces (or creates) a trigger, for schedules a user changes. */
    public void reschedule(JobDetail job, Trigger trigger) {
        try {
            quartz.addJob(job, true, true);
            if (quartz.checkExists(trigger.getKey())) {
                quartz.rescheduleJob(
                        trigger.getKey(),
                        trigger.getTriggerBuilder().forJob(job).build());
            } else {
                quartz.scheduleJob(trigger.getTriggerBuilder().forJob(job).build());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule " + trigger.getKey(), e);
        }
    }

    /**
     * Deletes every job of one workspace, with its triggers: the jobs that carry the workspace's id as their
     * {@link #TEAM} data. Returns how many.
     */
    public int deleteJobsOf(String teamId) {
        try {
            int deleted = 0;
            for (var key : quartz.getJobKeys(GroupMatcher.anyJobGroup())) {
                var job = quartz.getJobDetail(key);
                if (job != null && teamId.equals(job.getJobDataMap().getString(TEAM)) && quartz.deleteJob(key)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not delete the jobs of workspace " + teamId, e);
        }
    }

    public void unschedule(TriggerKey key) {
        try {
            quartz.unscheduleJob(key);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not unschedule " + key, e);
        }
    }

    /** The next time the trigger fires, if it is scheduled. */
    public Optional<Instant> nextFireTime(TriggerKey key) {
        try {
            var trigger = quartz.getTrigger(key);
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not read " + key, e);
        }
    }

    /**
     * A cron trigger in a time zone (so that 09:00 stays 09:00 across daylight-saving changes); a firing
     * missed while the bot was down fires once as soon as it is back, then the schedule goes on.
     */
    public static Trigger cron(TriggerKey key, String cronExpression, ZoneId zone) {
        return TriggerBuilder.newTrigger()
                .withIdentity(key)
                .withSchedule(CronScheduleBuilder.cronSchedule(cronExpression)
                        .inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    public void start() {
        try {
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not start the Quartz scheduler", e);
        }
    }

    /** Stops taking triggers and waits for running jobs to finish. */
    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not stop the Quartz scheduler", e);
        }
    }

    private JobFactory jobFactory() {
        return (bundle, scheduler) -> {
            var type = bundle.getJobDetail().getJobClass();
            var factory = jobs.get(type);
            if (factory == null) {
                throw new SchedulerException("No factory registered for job " + type.getName());
            }
            return factory.get();
        };
    }

    /** The name under which Quartz's JVM-wide registry knows this scheduler's connections. */
    String dataSourceName() {
        return dataSourceName;
    }

    /** Hands Quartz connections from the application's pool, until the scheduler shuts down. */
    private static final class PoolConnections implements ConnectionProvider {
        private volatile DataSource dataSource;

        PoolConnections(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            var pool = dataSource;
            if (pool == null) {
                throw new SQLException("The scheduler using this connection provider has shut down");
            }
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to the application, which closes it after the scheduler; the registry entry,
            // which Quartz never removes, stops holding it.
            dataSource = null;
        }

        @Override
        public void initialize() {}
    }
}
