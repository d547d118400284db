handbookSearchLoaded("terms/ab",{"about":[0,1]});
