document.body.classList.add('nhsuk-frontend-supported');
