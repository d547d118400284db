handbookSearchLoaded("terms/ma",{"main":[3,6]});
