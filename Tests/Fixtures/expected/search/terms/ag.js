handbookSearchLoaded("terms/ag",{"again":[2,1]});
