package dev.olf.stats.projection;

import dev.olf.domain.ConflictException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProjectionAdminController {

	private final ProjectionRebuild rebuild;

	ProjectionAdminController(ProjectionRebuild rebuild) {
		this.rebuild = rebuild;
	}

	/**
	 * Wipes the projections and replays every topic; 202 because the replay goes on after
	 * the answer, visible as consumer lag falling to zero.
	 */
	@PostMapping("/api/admin/projections/rebuild")
	ResponseEntity<Status> rebuild() {
		if (!this.rebuild.rebuild()) {
			throw new ConflictException("A rebuild is already being prepared");
		}
		return ResponseEntity.accepted().body(new Status("replaying", "Follow consumerLag in /api/stats/summary"));
	}

	record Status(String status, String progress) {
	}

}
