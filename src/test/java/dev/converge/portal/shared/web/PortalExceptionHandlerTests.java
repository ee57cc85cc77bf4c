package dev.converge.portal.shared.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.stereotype.Controller;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

@WebMvcTest(controllers = PortalErrorController.class)
@Import({WebSliceConfiguration.class, PortalExceptionHandlerTests.FailingController.class})
@ActiveProfiles("test")
@WithMockUser(roles = "DEVELOPER")
class PortalExceptionHandlerTests {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @CsvSource({"/test/not-found,404,No deployment llama in vision.",
                "/test/conflict,409,Already exists.",
                "/test/forbidden,403,Not your team.",
                "/test/invalid,400,Some fields need another value.",
                "/test/boom,500,The portal could not finish this request."})
    void htmxRequestsGetAnAlertSwappedIntoTheAlertsArea(String path, int status, String detail) throws Exception {
        mvc.perform(get(path).header("HX-Request", "true"))
                .andExpect(status().is(status))
                .andExpect(header().string("HX-Retarget", "#alerts"))
                .andExpect(header().string("HX-Reswap", "afterbegin"))
                .andExpect(view().name("fragments/alerts :: failure"))
                .andExpect(content().string(containsString(detail)))
                .andExpect(content().string(containsString("role=\"alert\"")))
                .andExpect(content().string(not(containsString("<html"))));
    }

    @ParameterizedTest
    @CsvSource({"/test/not-found,404", "/test/conflict,409", "/test/forbidden,403", "/test/boom,500",
                "/test/invalid,400"})
    void pagesAreHandedToTheErrorPageWithTheExplanation(String path, int status) throws Exception {
        mvc.perform(get(path).accept(MediaType.TEXT_HTML))
                .andExpect(status().is(status))
                .andExpect(request().attribute(ErrorResponses.FAILURE_ATTRIBUTE,
                        org.hamcrest.Matchers.hasProperty("class", org.hamcrest.Matchers.equalTo(Failure.class))));
    }

    @ParameterizedTest
    @CsvSource({"404,error/404,Not found", "403,error/403,Not allowed", "409,error/409,Conflict",
                "500,error/500,Something went wrong", "405,error/400,Not supported here"})
    void theErrorPageRendersInsideTheLayout(int status, String view, String title) throws Exception {
        mvc.perform(get("/error").accept(MediaType.TEXT_HTML).with(request -> {
                    request.setDispatcherType(DispatcherType.ERROR);
                    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
                    request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret"));
                    return request;
                }))
                .andExpect(status().is(status))
                .andExpect(view().name(view))
                .andExpect(content().string(containsString("<h1>" + title + "</h1>")))
                .andExpect(content().string(containsString("id=\"alerts\"")))
                .andExpect(content().string(containsString("aria-label=\"Main\"")))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    @Test
    void theErrorPageShowsWhatTheHandlerExplained() throws Exception {
        var failure = new Failure(HttpStatus.NOT_FOUND, "Not found", "No deployment llama in vision.", Map.of());
        mvc.perform(get("/error").accept(MediaType.TEXT_HTML).with(request -> {
                    request.setDispatcherType(DispatcherType.ERROR);
                    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
                    request.setAttribute(ErrorResponses.FAILURE_ATTRIBUTE, failure);
                    return request;
                }))
                .andExpect(status().isNotFound())
                .andExpect(view().name("error/404"))
                .andExpect(content().string(containsString("No deployment llama in vision.")));
    }

    @Test
    void jsonClientsGetProblemDetails() throws Exception {
        mvc.perform(get("/test/not-found").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.detail").value("No deployment llama in vision."))
                .andExpect(jsonPath("$.instance").value("/test/not-found"));
    }

    @Test
    void invalidInputNamesEachField() throws Exception {
        mvc.perform(get("/test/invalid").accept(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.replicas").value("must be at least 1"));
    }

    @Test
    void beanValidationErrorsAreFieldErrors() throws Exception {
        mvc.perform(post("/test/validated").with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"replicas\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.name").value("must not be blank"))
                .andExpect(jsonPath("$.errors.replicas").value("must be greater than 0"));
    }

    @Test
    void unreadableJsonIsABadRequest() throws Exception {
        mvc.perform(post("/test/validated").with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("That request cannot be used"));
    }

    @Test
    void unexpectedFailuresNeverShowTheirMessage() throws Exception {
        mvc.perform(get("/test/boom").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.detail").value(not(containsString("database password"))))
                .andExpect(content().string(not(containsString("database password"))));
    }

    @Test
    void unknownAddressesAreNotFoundForJsonClients() throws Exception {
        mvc.perform(get("/no/such/page").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void containerErrorsAnswerJsonClientsWithProblemDetails() throws Exception {
        mvc.perform(get("/error").accept(MediaType.APPLICATION_JSON).with(request -> {
                    request.setDispatcherType(DispatcherType.ERROR);
                    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 403);
                    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/deployments");
                    return request;
                }))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not allowed"))
                .andExpect(jsonPath("$.instance").value("/deployments"));
    }

    record Scale(@NotBlank String name, @Positive int replicas) {
    }

    @Controller
    static class FailingController {

        @GetMapping("/test/not-found")
        String notFound() {
            throw new NotFound("No deployment {0} in {1}.", "llama", "vision");
        }

        @GetMapping("/test/conflict")
        String conflict() {
            throw new Conflict("Already exists.");
        }

        @GetMapping("/test/forbidden")
        String forbidden() {
            throw new Forbidden("Not your team.");
        }

        @GetMapping("/test/invalid")
        String invalid() {
            throw InvalidInput.field("replicas", "must be at least 1");
        }

        @GetMapping("/test/boom")
        String boom() {
            throw new IllegalStateException("database password is hunter2");
        }

        @PostMapping("/test/validated")
        @ResponseBody
        Scale validated(@Valid @RequestBody Scale scale) {
            return scale;
        }
    }
}
