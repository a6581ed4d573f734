if (window.matchMedia("(min-width: 50em)").matches) document.getElementById("sidebar-toggle").open = true;
