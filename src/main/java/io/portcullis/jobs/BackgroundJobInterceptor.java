package io.portcullis.jobs;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs a {@link BackgroundJob} method only while {@link BackgroundJobs} admits it, and tells it when the run ends. */
@BackgroundJob
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class BackgroundJobInterceptor {

    private final BackgroundJobs jobs;

    BackgroundJobInterceptor(BackgroundJobs jobs) {
        this.jobs = jobs;
    }

    @AroundInvoke
    Object run(InvocationContext invocation) throws Exception {
        if (!jobs.enter()) {
            return null; // shutting down: the run is skipped, as a paused scheduler skips it
        }
        try {
            return invocation.proceed();
        } finally {
            jobs.exit();
        }
    }
}
