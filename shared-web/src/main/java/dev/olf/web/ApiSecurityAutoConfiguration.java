package dev.olf.web;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The resource server of every service: {@link ApiSecurity#statelessApi} with the
 * service's {@link AccessRules}, unless the service builds its own chain (the statistics
 * service adds the dashboard's login).
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, JwtDecoder.class })
@EnableConfigurationProperties(ApiSecurityAutoConfiguration.TokenProperties.class)
public class ApiSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<AccessRules> rules) throws Exception {
		// Without rules of its own, a service's API has only the shared ones (admin).
		return ApiSecurity.statelessApi(http, rules.getIfAvailable(AccessRules::builder)).build();
	}

	/**
	 * Replaces the decoder's default of 60 s (Boot's decoder takes it as an additional
	 * validator, and it then leaves out its own).
	 */
	@Bean
	JwtTimestampValidator tokenLifetime(TokenProperties properties) {
		return new JwtTimestampValidator(properties.clockSkew());
	}

	/**
	 * @param clockSkew how far the clocks of the authorization server and the services
	 * may be apart: a token is accepted that long after it expired
	 */
	@ConfigurationProperties("olf.security.token")
	record TokenProperties(@DefaultValue("30s") Duration clockSkew) {
	}

}
