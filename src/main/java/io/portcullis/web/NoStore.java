package io.portcullis.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a response body type that carries a secret: {@link NoStoreResponses} sends it with
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}, whichever method returns it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NoStore {}
